import type { ScoreBreakdown, Urgency } from '@sasaeai/contracts';
import {
  checkEligibilityWith,
  eligibleAfterWaiting,
  fullInWeekOf,
  hasBuddy,
  isLoadReason,
  onlyAfterWaiting,
  NO_BATCH_LOAD,
  placesOpen,
  type BatchLoad,
} from './eligibility.ts';
import { applyBuddyRule, withoutLoneNewcomers } from './buddies.ts';
import { DEFAULT_WEIGHTS, scorePair, termPoints, totalOf } from './scoring.ts';
import {
  DEFAULT_MATCHING_OPTIONS,
  type BatchInput,
  type BatchMatcher,
  type BatchResult,
  type BusyInterval,
  type CandidateVolunteer,
  type EligibilityFacts,
  type HeldBack,
  type HeldBackReason,
  type IneligibleReason,
  type MatchingOptions,
  type MatchRequest,
  type Proposal,
  type ScoringWeights,
} from './types.ts';

const URGENCY_RANK: Record<Urgency, number> = { high: 2, normal: 1, low: 0 };

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Who is served first: more urgent, then longer waiting, then the earlier window, then id (so
 * the order never depends on how the input happened to be sorted).
 */
export function compareRequestPriority(a: MatchRequest, b: MatchRequest): number {
  return (
    URGENCY_RANK[b.urgency] - URGENCY_RANK[a.urgency] ||
    b.waitingMinutes - a.waitingMinutes ||
    a.windowStart.getTime() - b.windowStart.getTime() ||
    byId(a, b)
  );
}

/** Tasks and bookings handed out so far in a batch. */
/** @internal Shared with the optimal matcher. */
export class BatchLoadTracker implements BatchLoad {
  private readonly tasks = new Map<string, Map<string, number>>();
  private readonly busy = new Map<string, BusyInterval[]>();

  extraTasks(volunteerId: string, weekKey: string): number {
    return this.tasks.get(volunteerId)?.get(weekKey) ?? 0;
  }

  extraBusy(volunteerId: string): readonly BusyInterval[] {
    return this.busy.get(volunteerId) ?? NONE;
  }

  book(volunteerId: string, weekKey: string, interval: BusyInterval): void {
    let weeks = this.tasks.get(volunteerId);
    if (!weeks) {
      weeks = new Map();
      this.tasks.set(volunteerId, weeks);
    }
    weeks.set(weekKey, (weeks.get(weekKey) ?? 0) + 1);
    const list = this.busy.get(volunteerId);
    if (list) list.push(interval);
    else this.busy.set(volunteerId, [interval]);
  }
}

const NONE: readonly BusyInterval[] = [];

export interface Scored {
  candidate: CandidateVolunteer;
  facts: EligibilityFacts;
  score: number;
}

/** Best first; equal scores by volunteer id, so the result is deterministic. */
const byScore = (a: Scored, b: Scored) => b.score - a.score || byId(a.candidate, b.candidate);

/** Candidates who serve the request's district or one next to it, in id order. */
/** @internal Shared with the optimal matcher. */
export class CandidateIndex {
  private readonly byDistrict = new Map<string, number[]>();
  private readonly stamp: Int32Array;
  private generation = 0;

  constructor(readonly candidates: readonly CandidateVolunteer[]) {
    this.stamp = new Int32Array(candidates.length);
    candidates.forEach((candidate, index) => {
      for (const district of candidate.districts) {
        const list = this.byDistrict.get(district.id);
        if (list) list.push(index);
        else this.byDistrict.set(district.id, [index]);
      }
    });
  }

  private readonly cache = new Map<string, CandidateVolunteer[]>();

  near(request: MatchRequest): CandidateVolunteer[] {
    const key = `${request.districtId}|${request.neighbourDistrictIds.join(',')}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const found = this.collect(request);
    this.cache.set(key, found);
    return found;
  }

  private collect(request: MatchRequest): CandidateVolunteer[] {
    this.generation++;
    const indexes: number[] = [];
    for (const districtId of [request.districtId, ...request.neighbourDistrictIds]) {
      for (const index of this.byDistrict.get(districtId) ?? []) {
        if (this.stamp[index] === this.generation) continue;
        this.stamp[index] = this.generation;
        indexes.push(index);
      }
    }
    indexes.sort((a, b) => a - b);
    return indexes.map((index) => this.candidates[index]!);
  }
}

export interface Evaluated {
  eligible: Scored[];
  /** Failed only on capacity or bookings the batch may have used up. */
  loadBlocked: CandidateVolunteer[];
  /** Fit everything but the neighbour waiting time. */
  waitBlocked: boolean;
}

/** @internal */
export function evaluate(
  request: MatchRequest,
  candidates: readonly CandidateVolunteer[],
  opts: MatchingOptions,
  weights: Readonly<ScoringWeights>,
  load: BatchLoad,
): Evaluated {
  const eligible: Scored[] = [];
  const loadBlocked: CandidateVolunteer[] = [];
  let waitBlocked = false;
  for (const candidate of candidates) {
    if (fullInWeekOf(request, candidate)) continue;
    if (waitBlocked && onlyAfterWaiting(request, candidate, opts)) continue;
    const eligibility = checkEligibilityWith(request, candidate, opts, load, 'first');
    if (eligibility.eligible) {
      const score = totalOf(termPoints(request, candidate, eligibility.facts, weights));
      eligible.push({ candidate, facts: eligibility.facts, score });
    } else if (isLoadReason(eligibility.reasons[0])) {
      loadBlocked.push(candidate);
    } else if (eligibleAfterWaiting(eligibility)) {
      waitBlocked = true;
    }
  }
  eligible.sort(byScore);
  return { eligible, loadBlocked, waitBlocked };
}

/**
 * The best `places` individuals, with someone experienced among them when `needsCompany` (a
 * request nobody holds yet): first-timers only are never chosen, and when the best are all
 * first-timers the last of them gives way to the best experienced volunteer.
 */
function bestIndividuals(eligible: Scored[], places: number, needsCompany: boolean): Scored[] {
  const individuals = eligible.filter((s) => s.candidate.kind === 'individual');
  const best = individuals.slice(0, places);
  if (!needsCompany || best.some((s) => s.candidate.needsBuddy !== true)) return best;
  const companion = individuals.find((s) => s.candidate.needsBuddy !== true);
  if (!companion) return [];
  return [...best.slice(0, places - 1), companion].sort(byScore);
}

/**
 * Who serves a request needing `places` helpers: one group big enough, or individuals. With
 * `needsCompany` the request has nobody on it yet, so first-timers need an experienced companion
 * among the chosen (see `bestIndividuals`).
 */
/** @internal */
export function choose(eligible: Scored[], places: number, needsCompany = false): Scored[] {
  if (eligible.length === 0 || places <= 0) return [];
  // One place: a first-timer is eligible only beside someone already on the request.
  if (places === 1) return [eligible[0]!];
  const group = eligible.find((s) => s.candidate.kind === 'group');
  const individuals = bestIndividuals(eligible, places, needsCompany);
  if (individuals.length === places) {
    const mean = individuals.reduce((sum, s) => sum + s.score, 0) / places;
    // One team is one booking to coordinate: a group wins ties.
    if (!group || mean > group.score) return individuals;
    return [group];
  }
  return group ? [group] : individuals;
}

/**
 * Why the open places of a request were left: someone could take them under the stored load
 * (but the batch gave them to more urgent requests), someone could once the request has waited
 * for neighbours, or nobody can. Every candidate not blocked by the batch's load has already
 * been judged in `evaluate`; only the load-blocked ones are checked again without the batch.
 */
function holdBackReason(
  request: MatchRequest,
  evaluated: Evaluated,
  opts: MatchingOptions,
): HeldBackReason {
  let afterWaiting = evaluated.waitBlocked;
  for (const candidate of evaluated.loadBlocked) {
    const eligibility = checkEligibilityWith(request, candidate, opts, NO_BATCH_LOAD, 'first');
    if (eligibility.eligible) return 'contention';
    if (eligibleAfterWaiting(eligibility)) afterWaiting = true;
  }
  return afterWaiting ? 'neighbour_wait' : 'no_candidates';
}

/**
 * v1 batch matcher: requests in priority order (urgency, waiting time, window), each given its
 * best eligible candidates; a volunteer's weekly capacity and free time shrink as the batch
 * proposes them. Deterministic: the same input (in any order) gives the same proposals.
 *
 * A request needing several people goes to one group whose headcount covers them all, or to
 * that many distinct individuals — whichever scores better on average (a group wins ties). When
 * too few individuals fit and no group does, those who fit are proposed and the remaining
 * places are held back. A group is only proposed for a request nobody holds a place on yet.
 */
export const assignGreedy: BatchMatcher = ({
  requests,
  candidates,
  options,
  weights,
}: BatchInput): BatchResult => {
  const opts = { ...DEFAULT_MATCHING_OPTIONS, ...options };
  const w = { ...DEFAULT_WEIGHTS, ...weights };
  const index = new CandidateIndex([...candidates].sort(byId));
  const load = new BatchLoadTracker();
  const proposals: Proposal[] = [];
  const heldBack: HeldBack[] = [];

  for (const request of [...requests].sort(compareRequestPriority)) {
    const places = placesOpen(request);
    if (places === 0) continue;
    const evaluated = evaluate(request, index.near(request), opts, w, load);
    const chosen = choose(evaluated.eligible, places, !hasBuddy(request, places));
    const start = request.windowStart;
    const end = request.windowEnd;
    for (const { candidate, facts } of chosen) {
      const breakdown = scorePair(request, candidate, facts, w);
      proposals.push({
        requestId: request.id,
        volunteerId: candidate.id,
        score: breakdown.total,
        breakdown,
      });
      const people = candidate.kind === 'group' ? request.peopleNeeded : 1;
      load.book(candidate.id, facts.weekKey, { start, end, people });
    }
    const covered = chosen.some((s) => s.candidate.kind === 'group') ? places : chosen.length;
    if (covered < places) {
      heldBack.push({
        requestId: request.id,
        reason: holdBackReason(request, evaluated, opts),
        placesOpen: places - covered,
      });
    }
  }
  return applyBuddyRule({ proposals, heldBack }, requests, candidates, opts);
};

/**
 * Re-checks a batch's proposals, in order, against fresher data about the volunteers (their
 * load re-read while they are locked), keeping those that still fit. Another district's run may
 * have booked a volunteer who serves both districts in the meantime.
 */
export function confirmProposals(
  proposals: readonly Proposal[],
  requests: readonly MatchRequest[],
  freshCandidates: readonly CandidateVolunteer[],
  options: Partial<MatchingOptions> = {},
): { kept: Proposal[]; dropped: Proposal[] } {
  const opts = { ...DEFAULT_MATCHING_OPTIONS, ...options };
  const requestById = new Map(requests.map((r) => [r.id, r]));
  const candidateById = new Map(freshCandidates.map((c) => [c.id, c]));
  const load = new BatchLoadTracker();
  const kept: Proposal[] = [];
  const dropped: Proposal[] = [];
  for (const proposal of proposals) {
    const request = requestById.get(proposal.requestId);
    const candidate = candidateById.get(proposal.volunteerId);
    const eligibility =
      request && candidate
        ? checkEligibilityWith(request, candidate, opts, load, 'first')
        : undefined;
    if (!request || !candidate || !eligibility?.eligible) {
      dropped.push(proposal);
      continue;
    }
    kept.push(proposal);
    load.book(candidate.id, eligibility.facts.weekKey, {
      start: request.windowStart,
      end: request.windowEnd,
      people: candidate.kind === 'group' ? request.peopleNeeded : 1,
    });
  }
  if (opts.buddyInBatch === true) {
    // A first-timer whose companion was just dropped would go alone: drop them too.
    const alone = withoutLoneNewcomers(kept, requests, freshCandidates);
    return { kept: alone.kept, dropped: [...dropped, ...alone.dropped] };
  }
  return { kept, dropped };
}

// The matcher the worker runs, `assignBatch`, is the optimal one: see assign-optimal.ts.

export interface RankedCandidate {
  volunteerId: string;
  score: number;
  breakdown: ScoreBreakdown;
}

export interface RankOptions {
  options?: Partial<MatchingOptions>;
  weights?: Partial<ScoringWeights>;
}

/** Eligible candidates for one request, best first, with breakdowns (manual assignment list). */
export function rankCandidates(
  request: MatchRequest,
  candidates: readonly CandidateVolunteer[],
  { options, weights }: RankOptions = {},
): RankedCandidate[] {
  const opts = { ...DEFAULT_MATCHING_OPTIONS, ...options };
  const w = { ...DEFAULT_WEIGHTS, ...weights };
  return evaluate(request, [...candidates].sort(byId), opts, w, NO_BATCH_LOAD).eligible.map(
    ({ candidate, facts }) => {
      const breakdown = scorePair(request, candidate, facts, w);
      return { volunteerId: candidate.id, score: breakdown.total, breakdown };
    },
  );
}

export interface CandidateExplanation {
  volunteerId: string;
  eligible: boolean;
  reasons: IneligibleReason[];
}

/** Every candidate with every reason it cannot take the request (empty when eligible). */
export function explainCandidates(
  request: MatchRequest,
  candidates: readonly CandidateVolunteer[],
  options: Partial<MatchingOptions> = {},
): CandidateExplanation[] {
  const opts = { ...DEFAULT_MATCHING_OPTIONS, ...options };
  return [...candidates].sort(byId).map((candidate) => {
    const eligibility = checkEligibilityWith(request, candidate, opts, NO_BATCH_LOAD, 'all');
    return {
      volunteerId: candidate.id,
      eligible: eligibility.eligible,
      reasons: eligibility.eligible ? [] : eligibility.reasons,
    };
  });
}
