/** Reads a storm back from the bench database as a hindsight instance (see quality.ts). */
import { weekKeyOf } from '@sasaeai/core';
import type { Database } from '@sasaeai/db/client';
import { districtMatchingContext, loadCandidates } from '@sasaeai/db/matching';
import type { HelpCategory, Urgency } from '@sasaeai/contracts';
import { sql } from 'drizzle-orm';
import type { QualityInstance, RecordedRequest } from './quality-model.ts';
const LIVE = sql.raw(`('proposed', 'approved', 'offered', 'accepted', 'completed')`);

/**
 * The storm as the matcher saw it before it started: every help request in the bench database
 * (the bench creates no others), and the candidates of their districts and neighbours, with the
 * tasks and bookings of the storm's own matches taken off their load.
 */
export async function recordInstance(
  db: Database,
  stormStart: Date,
): Promise<{ instance: QualityInstance; online: { requestId: string; volunteerId: string }[] }> {
  const rows = await db.execute<{
    id: string;
    district_id: string;
    category: HelpCategory;
    start_ms: string;
    end_ms: string;
    people_needed: number;
    urgency: Urgency;
    resident_id: string;
    created_ms: string;
  }>(sql`
    select id::text as id, district_id::text as district_id, category::text as category,
      extract(epoch from window_start) * 1000 as start_ms,
      extract(epoch from window_end) * 1000 as end_ms,
      people_needed, urgency::text as urgency, resident_id::text as resident_id,
      extract(epoch from created_at) * 1000 as created_ms
    from help_requests order by created_at, id`);
  const contexts = new Map<
    string,
    NonNullable<Awaited<ReturnType<typeof districtMatchingContext>>>
  >();
  for (const id of new Set(rows.map((r) => r.district_id))) {
    const context = await districtMatchingContext(db, id);
    if (context) contexts.set(id, context);
  }
  const requests: RecordedRequest[] = rows.map((row) => {
    const context = contexts.get(row.district_id)!;
    const windowStart = new Date(Number(row.start_ms));
    const createdAt = new Date(Number(row.created_ms));
    return {
      id: row.id,
      districtId: row.district_id,
      neighbourDistrictIds: context.neighbourIds,
      location: { lat: context.lat, lon: context.lon },
      category: row.category,
      windowStart,
      windowEnd: new Date(Number(row.end_ms)),
      matchFrom: new Date(Math.max(windowStart.getTime(), createdAt.getTime())),
      peopleNeeded: row.people_needed,
      placesOpen: row.people_needed,
      urgency: row.urgency,
      waitingMinutes: 0,
      residentId: row.resident_id,
      excludedVolunteerIds: [],
      createdAt,
    };
  });
  if (requests.length === 0) return { instance: { requests, candidates: [] }, online: [] };

  const districtIds = new Set<string>();
  for (const context of contexts.values()) {
    districtIds.add(context.id);
    for (const n of context.neighbourIds) districtIds.add(n);
  }
  const from = new Date(Math.min(...requests.map((r) => r.windowStart.getTime())));
  const to = new Date(Math.max(...requests.map((r) => r.windowEnd.getTime())));
  const loaded = await loadCandidates(db, {
    districtIds: [...districtIds],
    categories: [...new Set(requests.map((r) => r.category))],
    from,
    to,
    residentIds: [...new Set(requests.map((r) => r.residentId))],
    now: stormStart,
  });

  // The storm's own matches: the online assignment, and what to take off the stored load.
  const matches = await db.execute<{
    request_id: string;
    volunteer_id: string;
    status: string;
    start_ms: string;
    end_ms: string;
  }>(sql`
    select m.request_id::text as request_id, m.volunteer_id::text as volunteer_id,
      m.status::text as status,
      extract(epoch from lower(m.booked_during)) * 1000 as start_ms,
      extract(epoch from upper(m.booked_during)) * 1000 as end_ms
    from matches m where m.status in ${LIVE}
    order by m.request_id, m.volunteer_id`);
  const stormLoad = new Map<
    string,
    { week: string; start: number; end: number; live: boolean }[]
  >();
  for (const m of matches) {
    const list = stormLoad.get(m.volunteer_id) ?? [];
    list.push({
      week: weekKeyOf(Number(m.start_ms)),
      start: Number(m.start_ms),
      end: Number(m.end_ms),
      live: m.status !== 'completed',
    });
    stormLoad.set(m.volunteer_id, list);
  }
  const candidates = loaded.map((c) => {
    const own = stormLoad.get(c.id);
    if (!own) return c;
    const tasksByWeek = { ...c.tasksByWeek };
    const busy = [...c.busy];
    for (const t of own) {
      tasksByWeek[t.week] = Math.max(0, (tasksByWeek[t.week] ?? 0) - 1);
      if (!t.live) continue;
      const at = busy.findIndex((b) => b.start.getTime() === t.start && b.end.getTime() === t.end);
      if (at >= 0) busy.splice(at, 1);
    }
    return { ...c, tasksByWeek, busy };
  });
  return {
    instance: { requests, candidates },
    online: matches.map((m) => ({ requestId: m.request_id, volunteerId: m.volunteer_id })),
  };
}
