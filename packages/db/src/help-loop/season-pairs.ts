import { sql } from 'drizzle-orm';
import { DEFAULT_MATCHING_OPTIONS, pairCanStillCome, type PendingPairJob } from '@sasaeai/core';
import type { SeasonPairingRole } from '@sasaeai/contracts';
import type { Database } from '../client.ts';
import { lockVolunteers } from '../matching/locks.ts';
import { liveStatuses } from './live-matches.ts';
import type { LiveNotice } from './notices.ts';
import { proposeMatches } from './propose-batch.ts';

interface PairCandidate {
  requestId: string;
  pairingId: string;
  helperId: string;
  role: SeasonPairingRole;
}

export interface PairOffers {
  /** Requests offered to their household's paired helper. */
  offered: number;
  /** Pairs whose offer the guards refused (e.g. the helper is booked at that time). */
  skipped: number;
  notices: LiveNotice[];
}

/**
 * Before batch matching, each snow request of the district that nobody holds yet is offered to
 * its household's season pair: the primary first, the backup once the primary has answered
 * (declined, or let the offer expire) or cannot come, and only then the batch matcher. The offer
 * skips approval because the pair was agreed with the coordinator after a first meeting.
 *
 * One statement finds every pair to try (none for a district without pairings, so runs without
 * them pay one indexed query). The offers are written through `proposeMatches`, the batch path
 * with the one proposal guard, a fixed number of statements per role however many households
 * are paired: a helper booked elsewhere at that time is skipped, the backup is tried, and with
 * nobody left the request goes to the batch matcher. Once a window is under way, a pair whose
 * weekly grid leaves too little of what is left of it is skipped the same way
 * (`pairCanStillCome`, one more indexed query, only when some window has started).
 */
export async function offerToSeasonPairs(
  db: Database,
  districtId: string,
  now: Date = new Date(),
  minOverlapMinutes: number = DEFAULT_MATCHING_OPTIONS.minOverlapMinutes,
): Promise<PairOffers> {
  const live = sql.join(
    liveStatuses.map((status) => sql`${status}`),
    sql`, `,
  );
  const rows = await db.execute<{
    request_id: string;
    pairing_id: string;
    helper_id: string;
    role: SeasonPairingRole;
    start_ms: string;
    end_ms: string;
  }>(sql`
    select r.id as request_id, p.id as pairing_id, p.helper_id, p.role,
      extract(epoch from r.window_start) * 1000 as start_ms,
      extract(epoch from r.window_end) * 1000 as end_ms
    from help_requests r
    join season_pairings p
      on p.winter_registration_id = r.winter_registration_id and p.status = 'active'
    join volunteer_profiles v on v.user_id = p.helper_id and v.verification = 'active'
    where r.district_id = ${districtId}
      and r.status = 'matching'
      and r.winter_registration_id is not null
      and r.window_end > ${now.toISOString()}
      and not exists (
        select 1 from matches m where m.request_id = r.id and m.status in (${live}))
      and not exists (
        select 1 from matches m where m.request_id = r.id and m.volunteer_id = p.helper_id)
    order by r.id, p.role`);
  const result: PairOffers = { offered: 0, skipped: 0, notices: [] };
  if (rows.length === 0) return result;

  // Windows already under way: the pair must still be free for enough of what is left.
  const underWay = rows.filter((row) => Number(row.start_ms) < now.getTime());
  const slotsOf = new Map<string, { weekday: number; startMinute: number; endMinute: number }[]>();
  if (underWay.length > 0) {
    const ids = [...new Set(underWay.map((row) => row.helper_id))];
    const slots = await db.execute<{
      volunteer_id: string;
      weekday: number;
      start_minute: number;
      end_minute: number;
    }>(sql`
      select volunteer_id::text as volunteer_id, weekday, start_minute, end_minute
      from volunteer_availability
      where volunteer_id = any(${sql.param(ids)}::uuid[])
      order by volunteer_id, weekday, start_minute`);
    for (const slot of slots) {
      const list = slotsOf.get(slot.volunteer_id) ?? [];
      list.push({
        weekday: slot.weekday,
        startMinute: slot.start_minute,
        endMinute: slot.end_minute,
      });
      slotsOf.set(slot.volunteer_id, list);
    }
  }

  // Each request's pairs in order: primary, then backup.
  const waiting = new Map<string, PairCandidate[]>();
  for (const row of rows) {
    const canCome = pairCanStillCome(
      slotsOf.get(row.helper_id) ?? [],
      new Date(Number(row.start_ms)),
      new Date(Number(row.end_ms)),
      now,
      minOverlapMinutes,
    );
    if (!canCome) {
      result.skipped += 1;
      continue;
    }
    const pairs = waiting.get(row.request_id) ?? [];
    pairs.push({
      requestId: row.request_id,
      pairingId: row.pairing_id,
      helperId: row.helper_id,
      role: row.role,
    });
    waiting.set(row.request_id, pairs);
  }
  if (waiting.size === 0) return result;
  const helperIds = [...new Set([...waiting.values()].flat().map((pair) => pair.helperId))].sort();

  // The helpers' locks are held (as the batch matcher holds its volunteers') while the offers
  // are written, one set-based round per role: a pair the guards or the booking constraints
  // refuse (booked elsewhere at that time) leaves its request to the next pair, then to batch.
  await db.transaction(async (locks) => {
    await lockVolunteers(locks, helperIds);
    while (waiting.size > 0) {
      const round = [...waiting.values()].map((pairs) => pairs.shift()!);
      const written = await proposeMatches(
        db,
        round.map((pair) => ({
          requestId: pair.requestId,
          volunteerId: pair.helperId,
          score: 0,
          breakdown: { total: 0, terms: [] },
          offer: true,
          auditDetails: { pairing: { id: pair.pairingId, role: pair.role } },
        })),
        now,
      );
      result.offered += written.placed.length;
      result.skipped += written.refused;
      result.notices.push(...written.notices);
      const placed = new Set(written.placed.map((p) => p.requestId));
      for (const [requestId, pairs] of waiting) {
        if (placed.has(requestId) || pairs.length === 0) waiting.delete(requestId);
      }
    }
  });
  return result;
}

/**
 * Snow jobs of other districts that nobody holds yet and whose household's primary pair is one
 * of `helperIds` and has not been asked for it: the offers those districts' runs will make
 * first (see `withPairJobsReserved`). One indexed query; none without pairings.
 */
export async function pendingPairJobs(
  db: Database,
  districtId: string,
  helperIds: readonly string[],
  now: Date = new Date(),
): Promise<PendingPairJob[]> {
  if (helperIds.length === 0) return [];
  const live = sql.join(
    liveStatuses.map((status) => sql`${status}`),
    sql`, `,
  );
  const rows = await db.execute<{ helper_id: string; start_ms: string; end_ms: string }>(sql`
    select p.helper_id::text as helper_id,
      extract(epoch from r.window_start) * 1000 as start_ms,
      extract(epoch from r.window_end) * 1000 as end_ms
    from help_requests r
    join season_pairings p
      on p.winter_registration_id = r.winter_registration_id
      and p.status = 'active' and p.role = 'primary'
    join volunteer_profiles v on v.user_id = p.helper_id and v.verification = 'active'
    where p.helper_id = any(${sql.param([...helperIds])}::uuid[])
      and r.district_id <> ${districtId}
      and r.status in ('open', 'matching')
      and r.winter_registration_id is not null
      and r.window_end > ${now.toISOString()}
      and not exists (
        select 1 from matches m where m.request_id = r.id and m.status in (${live}))
      and not exists (
        select 1 from matches m where m.request_id = r.id and m.volunteer_id = p.helper_id)
    order by p.helper_id, r.window_start`);
  return rows.map((row) => ({
    helperId: row.helper_id,
    windowStart: new Date(Number(row.start_ms)),
    windowEnd: new Date(Number(row.end_ms)),
  }));
}
