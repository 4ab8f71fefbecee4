import { sql } from 'drizzle-orm';
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
 * nobody left the request goes to the batch matcher.
 */
export async function offerToSeasonPairs(
  db: Database,
  districtId: string,
  now: Date = new Date(),
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
  }>(sql`
    select r.id as request_id, p.id as pairing_id, p.helper_id, p.role
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

  // Each request's pairs in order: primary, then backup.
  const waiting = new Map<string, PairCandidate[]>();
  for (const row of rows) {
    const pairs = waiting.get(row.request_id) ?? [];
    pairs.push({
      requestId: row.request_id,
      pairingId: row.pairing_id,
      helperId: row.helper_id,
      role: row.role,
    });
    waiting.set(row.request_id, pairs);
  }
  const helperIds = [...new Set(rows.map((row) => row.helper_id))].sort();

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
