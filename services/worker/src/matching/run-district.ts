import {
  assignBatch,
  confirmProposals,
  DEFAULT_MATCHING_OPTIONS,
  neighbourWaitOver,
  withPairJobsReserved,
  withRoomIn,
  type BatchInput,
  type BatchResult,
  type CandidateVolunteer,
  type MatchingOptions,
} from '@sasaeai/core';
import type { Database } from '@sasaeai/db/client';
import {
  markUnmatchedMany,
  offerToSeasonPairs,
  pendingPairJobs,
  proposeMatches,
  startMatchingInDistrict,
} from '@sasaeai/db/help-loop';
import {
  districtMatchingContext,
  loadCandidates,
  loadMatchableRequests,
  loadVolunteerLoad,
  lockVolunteers,
  tryLockDistrict,
  type MatchableRequest,
} from '@sasaeai/db/matching';
import type { LivePublisher } from '../live-publisher.ts';
import type { Logger } from '../logger.ts';

export { DISTRICT_LOCK_NAMESPACE, VOLUNTEER_LOCK_NAMESPACE } from '@sasaeai/db/matching';

export interface MatchingSettings {
  /** Declined, expired or rejected offers after which the coordinator takes over. */
  refusalLimit: number;
  /** A request nobody could take yet goes to the coordinator after waiting this long… */
  inboxAfterMinutes: number;
  /** …or once its window starts within this many minutes. */
  inboxBeforeWindowMinutes: number;
  options: Partial<MatchingOptions>;
  /**
   * The batch engine: `assignBatch` in-process by default; the worker process passes a thread
   * solver (thread-solver.ts) so a long solve never blocks its event loop.
   */
  matcher: (input: BatchInput) => BatchResult | Promise<BatchResult>;
}

export const defaultMatchingSettings: MatchingSettings = {
  refusalLimit: 3,
  inboxAfterMinutes: 180,
  inboxBeforeWindowMinutes: 60,
  // Batches may propose a first-timer beside someone else on an empty request (supported
  // volunteering); the engines and the re-check drop any who would go alone.
  options: { ...DEFAULT_MATCHING_OPTIONS, buddyInBatch: true },
  matcher: assignBatch,
};

export interface DistrictRunDependencies {
  db: Database;
  live: LivePublisher;
  settings?: MatchingSettings;
  logger?: Logger;
  /** Told how long each newly proposed request waited since it was made (seconds). */
  onProposed?: (waitedSeconds: number[]) => void;
}

export type DistrictRunResult =
  | { status: 'busy' }
  | {
      status: 'done';
      /** open → matching transitions. */
      started: number;
      /** Snow requests offered straight to the household's season pair (primary, else backup). */
      pairOffers: number;
      /** Requests in the batch (open or matching, with places to fill). */
      requests: number;
      candidates: number;
      proposed: number;
      /** Proposals the engine made that fresher data or the database guards turned down. */
      dropped: number;
      unmatched: {
        noCandidates: number;
        tooManyRefusals: number;
        /** Still without anyone after `inboxAfterMinutes`, or with the window about to start. */
        waitedTooLong: number;
      };
      /** Requests left in matching (busy volunteers, or waiting for neighbours). */
      waiting: number;
      /** Something changed under this run: the district should be matched again soon. */
      again: boolean;
      /** Phase timings: open → matching, reading the batch, the engine, writing proposals. */
      startMs: number;
      loadMs: number;
      solveMs: number;
      proposeMs: number;
      totalMs: number;
    };

/**
 * One matching run for a district, as one worker at a time (a PostgreSQL advisory lock, held by
 * a transaction that stays open for the run; it writes nothing itself and frees the lock however
 * the run ends):
 *
 * 1. open requests move to matching (one statement), and snow requests nobody holds are offered
 *    to their household's season pair first (`offerToSeasonPairs`);
 * 2. requests refused too often go to the coordinator's inbox (`too_many_refusals`);
 * 3. the batch (requests with places to fill) and the candidates of the district and its
 *    neighbours are read in a fixed number of set-based statements, and the engine proposes;
 * 4. the proposed volunteers are locked (in lock-key order, so runs never deadlock), their load
 *    is read again and the proposals re-checked — a volunteer serving two districts may just have
 *    been booked by the other district's run — and the survivors are written by `proposeMatches`
 *    in one transaction with the same guards as a single proposal (a duplicate job or a race
 *    skips that proposal, never a second match);
 * 5. requests nobody can take go to the inbox (`no_candidates`).
 *
 * Each step writes in a fixed number of statements however large the batch, so a surge costs
 * round trips per run rather than per request.
 * Every live notice is published as soon as its transaction has committed.
 */
export async function runDistrictMatching(
  { db, live, settings = defaultMatchingSettings, logger, onProposed }: DistrictRunDependencies,
  districtId: string,
  now: Date = new Date(),
): Promise<DistrictRunResult> {
  const began = performance.now();
  return db.transaction(async (lock) => {
    if (!(await tryLockDistrict(lock, districtId))) return { status: 'busy' as const };

    const context = await districtMatchingContext(db, districtId);
    const result = {
      status: 'done' as const,
      started: 0,
      pairOffers: 0,
      requests: 0,
      candidates: 0,
      proposed: 0,
      dropped: 0,
      unmatched: { noCandidates: 0, tooManyRefusals: 0, waitedTooLong: 0 },
      waiting: 0,
      again: false,
      startMs: 0,
      loadMs: 0,
      solveMs: 0,
      proposeMs: 0,
      totalMs: 0,
    };
    if (!context) return result;

    let phase = performance.now();
    const lap = () => {
      const at = performance.now();
      const ms = Math.round(at - phase);
      phase = at;
      return ms;
    };
    const started = await startMatchingInDistrict(db, districtId, now);
    result.started = started.started;
    await live.publish(started.notices);
    const minOverlapMinutes =
      settings.options.minOverlapMinutes ?? DEFAULT_MATCHING_OPTIONS.minOverlapMinutes;
    const paired = await offerToSeasonPairs(db, districtId, now, minOverlapMinutes);
    result.pairOffers = paired.offered;
    await live.publish(paired.notices);

    result.startMs = lap();
    const all = await loadMatchableRequests(db, context, now);
    const batch: MatchableRequest[] = all.filter((r) => r.refusals < settings.refusalLimit);
    const refusedTooOften = all.filter((r) => r.refusals >= settings.refusalLimit);
    const toInbox = async (requestIds: string[], reason: string) => {
      const moved = await markUnmatchedMany(db, requestIds, reason);
      await live.publish(moved.notices);
      return moved.changed;
    };
    result.unmatched.tooManyRefusals = await toInbox(
      refusedTooOften.map((request) => request.id),
      'too_many_refusals',
    );
    result.requests = batch.length;
    if (batch.length === 0) return finish(result, began);

    const from = new Date(
      batch.reduce((min, r) => Math.min(min, r.windowStart.getTime()), Infinity),
    );
    const to = new Date(batch.reduce((max, r) => Math.max(max, r.windowEnd.getTime()), -Infinity));
    const loaded = await loadCandidates(db, {
      districtIds: [context.id, ...context.neighbourIds],
      categories: [...new Set(batch.map((r) => r.category))],
      from,
      to,
      residentIds: [...new Set(batch.map((r) => r.residentId))],
      now,
    });
    // Helpers who also serve another district keep what their own household there will be
    // offered first (its pair offer runs with that district), so this batch cannot spend it.
    const reserved = withPairJobsReserved(
      loaded,
      await pendingPairJobs(
        db,
        districtId,
        loaded.map((c) => c.id),
        now,
      ),
      now,
      minOverlapMinutes,
    );
    // Volunteers already full in every week asked about stay out of the engine's input (and
    // its thread's message).
    const candidates = withRoomIn(batch, reserved);
    result.candidates = candidates.length;
    result.loadMs = lap();

    const solved = await settings.matcher({
      requests: batch,
      candidates,
      options: settings.options,
    });
    result.solveMs = lap();

    if (solved.proposals.length > 0) {
      const volunteerIds = [...new Set(solved.proposals.map((p) => p.volunteerId))].sort();
      await lockVolunteers(lock, volunteerIds);
      const fresh = await loadVolunteerLoad(db, volunteerIds, from, to, now);
      const proposedIds = new Set(volunteerIds);
      const refreshed: CandidateVolunteer[] = candidates
        .filter((c) => proposedIds.has(c.id))
        .map((c) => ({ ...c, ...(fresh.get(c.id) ?? { tasksByWeek: {}, busy: [] }) }));
      const { kept, dropped } = confirmProposals(
        solved.proposals,
        batch,
        refreshed,
        settings.options,
      );
      result.dropped += dropped.length;
      if (dropped.length > 0) result.again = true;

      const proposed = await proposeMatches(db, kept, now);
      result.proposed = proposed.placed.length;
      const placedAt = Date.now();
      onProposed?.(proposed.placed.map((p) => (placedAt - p.requestCreatedAt.getTime()) / 1000));
      result.dropped += proposed.refused;
      if (proposed.refused > 0) result.again = true;
      await live.publish(proposed.notices);
    }

    result.proposeMs = lap();
    const nobody = solved.heldBack.filter((held) => held.reason === 'no_candidates');
    result.unmatched.noCandidates = await toInbox(
      nobody.map((held) => held.requestId),
      'no_candidates',
    );
    // Nobody found yet, and it has waited long or the window is near: a person takes over
    // (a phone call finds help the matcher cannot) instead of it waiting in silence.
    const byId = new Map(batch.map((request) => [request.id, request]));
    const neighbourWaitMinutes =
      settings.options.neighbourWaitMinutes ?? DEFAULT_MATCHING_OPTIONS.neighbourWaitMinutes;
    const overdue = solved.heldBack.filter((held) => {
      const request = byId.get(held.requestId);
      if (held.reason === 'no_candidates' || !request) return false;
      if (held.placesOpen < request.peopleNeeded) return false;
      const startsInMinutes = (request.windowStart.getTime() - now.getTime()) / 60_000;
      // "As soon as possible" starts at once: it still gets the neighbours' chance first.
      const hadItsChance = neighbourWaitOver(request, { neighbourWaitMinutes });
      return (
        request.waitingMinutes >= settings.inboxAfterMinutes ||
        (startsInMinutes <= settings.inboxBeforeWindowMinutes && hadItsChance)
      );
    });
    result.unmatched.waitedTooLong = await toInbox(
      overdue.map((held) => held.requestId),
      'waited_too_long',
    );
    result.waiting = solved.heldBack.length - nobody.length - result.unmatched.waitedTooLong;
    const finished = finish(result, began);
    logger?.info({ districtId, ...finished }, 'district matched');
    return finished;
  });
}

function finish<T extends { totalMs: number }>(result: T, began: number): T {
  result.totalMs = Math.round(performance.now() - began);
  return result;
}
