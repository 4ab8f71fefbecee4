/**
 * Where the online matcher falls short of the hindsight optimum on the snow morning: places
 * filled per district and clearing morning, by the online assignment, the first-come greedy and
 * the HiGHS optimum of the matcher's objective (the snowstorm bench's model and solver, reused),
 * and which helpers each spent on which morning — the retirees' one task of the week is the
 * city's trap (see city.ts). The optimum ignores season pairings; `withPairs` is the optimum that
 * keeps every pair's match (HiGHS with those columns fixed), so online ÷ it is what the matcher
 * itself lost, and it ÷ the optimum is what honouring the pairs cost.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import {
  aggregate,
  buildModel,
  evaluate,
  firstComeGreedy,
  recordInstance,
  solveHindsight,
  type Assignment,
  type HindsightModel,
} from '../snowstorm/quality.ts';

const clock = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(11, 16);
const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

interface Row {
  district: string;
  morning: string;
  places: number;
  online: number;
  greedy: number;
  optimum: number;
}

/** Places filled per (district, morning) and tasks given to individuals by their morning span. */
function tally(m: HindsightModel, assignment: Assignment, codeOf: Map<string, string>) {
  const byMorning = new Map<string, number>();
  const individualsBySpan = new Map<string, number>();
  for (const [pi, units] of assignment) {
    const pair = m.pairs[pi]!;
    const cls = m.classes[pair.cls]!;
    const key = `${codeOf.get(cls.representative.districtId)}|${clock(cls.start)}–${clock(cls.end)}`;
    const places = pair.group ? units * cls.places : units;
    byMorning.set(key, (byMorning.get(key) ?? 0) + places);
    const candidate = m.candidates[pair.candidate]!;
    if (candidate.kind === 'group') continue;
    const free = candidate.availability[0];
    const span = free ? `${hhmm(free.startMinute)}–${hhmm(free.endMinute)}` : 'never';
    const spanKey = `free ${span} → job ${clock(cls.start)}–${clock(cls.end)}`;
    individualsBySpan.set(spanKey, (individualsBySpan.get(spanKey) ?? 0) + units);
  }
  return { byMorning, individualsBySpan };
}

export async function missedVsOptimum(
  db: Database,
  declaredAt: Date,
  districtCodes: ReadonlyMap<string, string>,
) {
  const { instance, online } = await recordInstance(db, declaredAt);
  const m = buildModel(instance);
  const optimum = await solveHindsight(m, 'objective');
  const codeOf = new Map(districtCodes);
  const pairRows = await db.execute<{ request_id: string; volunteer_id: string }>(sql`
    select m.request_id::text as request_id, m.volunteer_id::text as volunteer_id
    from matches m
    join help_requests r on r.id = m.request_id
    join season_pairings p on p.winter_registration_id = r.winter_registration_id
      and p.helper_id = m.volunteer_id
    where m.status in ('proposed', 'approved', 'offered', 'accepted', 'completed')`);
  const pairMatches = pairRows.map((row) => ({
    requestId: row.request_id,
    volunteerId: row.volunteer_id,
  }));
  const kept = aggregate(m, pairMatches).assignment;
  const withPairs = await solveHindsight(m, 'objective', kept);
  const onlineAssignment = aggregate(m, online).assignment;
  const onlineObjective = evaluate(m, onlineAssignment).objective;
  const t = {
    online: tally(m, onlineAssignment, codeOf),
    greedy: tally(m, firstComeGreedy(m, instance.requests), codeOf),
    optimum: tally(m, optimum.assignment, codeOf),
  };
  const places = new Map<string, number>();
  for (const cls of m.classes) {
    const key = `${codeOf.get(cls.representative.districtId)}|${clock(cls.start)}–${clock(cls.end)}`;
    places.set(key, (places.get(key) ?? 0) + cls.places * cls.requestIds.length);
  }
  // Eligible (request, helper) pairs per district as the instance stands: the size of each
  // district's batch for the online engine, whose exact search stops at 60,000 (assign-optimal.ts).
  const eligiblePairs = new Map<string, number>();
  for (const pair of m.pairs) {
    const cls = m.classes[pair.cls]!;
    const code = codeOf.get(cls.representative.districtId) ?? '?';
    eligiblePairs.set(code, (eligiblePairs.get(code) ?? 0) + cls.requestIds.length);
  }
  const rows: Row[] = [...places.keys()].sort().map((key) => {
    const [district, morning] = key.split('|') as [string, string];
    return {
      district,
      morning,
      places: places.get(key)!,
      online: t.online.byMorning.get(key) ?? 0,
      greedy: t.greedy.byMorning.get(key) ?? 0,
      optimum: t.optimum.byMorning.get(key) ?? 0,
    };
  });
  const spans = [
    ...new Set([
      ...t.online.individualsBySpan.keys(),
      ...t.greedy.individualsBySpan.keys(),
      ...t.optimum.individualsBySpan.keys(),
    ]),
  ].sort();
  return {
    pairMatches: pairMatches.length,
    eligiblePairsByDistrict: Object.fromEntries(eligiblePairs),
    optimum: {
      objective: optimum.total,
      placesFilled: evaluate(m, optimum.assignment).placesFilled,
    },
    withPairs: {
      objective: withPairs.total,
      placesFilled: evaluate(m, withPairs.assignment).placesFilled,
      /** What honouring the pairs costs: the optimum keeping them ÷ the optimum. */
      ofOptimum: optimum.total > 0 ? withPairs.total / optimum.total : 1,
      /** What the matcher itself lost: online ÷ the optimum keeping the pairs. */
      online: withPairs.total > 0 ? onlineObjective / withPairs.total : 1,
    },
    byMorning: rows,
    /** Individuals' tasks by (their free morning → the job's morning). */
    individualTasks: spans.map((key) => ({
      key,
      online: t.online.individualsBySpan.get(key) ?? 0,
      greedy: t.greedy.individualsBySpan.get(key) ?? 0,
      optimum: t.optimum.individualsBySpan.get(key) ?? 0,
    })),
  };
}
