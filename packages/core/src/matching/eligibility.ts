import { haversineKm } from './haversine.ts';
import { availabilityOverlap, jstDateOf, weekKeyOf, type WindowOverlap } from './time.ts';
import {
  DEFAULT_MATCHING_OPTIONS,
  type BusyInterval,
  type CandidateVolunteer,
  type Eligibility,
  type IneligibleReason,
  type MatchingOptions,
  type MatchRequest,
} from './types.ts';

/**
 * What a batch has already handed out on top of the stored load: extra tasks per week and extra
 * bookings, so a volunteer's capacity and time shrink as they are proposed within one batch.
 */
export interface BatchLoad {
  extraTasks(volunteerId: string, weekKey: string): number;
  extraBusy(volunteerId: string): readonly BusyInterval[];
}

export const NO_BATCH_LOAD: BatchLoad = {
  extraTasks: () => 0,
  extraBusy: () => [],
};

/** Places still to fill on a request. */
export function placesOpen(request: MatchRequest): number {
  return Math.max(0, Math.min(request.peopleNeeded, request.placesOpen ?? request.peopleNeeded));
}

function overlaps(a: BusyInterval, start: number, end: number): boolean {
  return a.start.getTime() < end && start < a.end.getTime();
}

/**
 * The hard constraints. `mode: 'first'` stops at the first failed constraint (for the matcher's
 * inner loop); `'all'` lists every reason (for coordinators and tests). The neighbour waiting
 * time is checked last, so when it is the first (or only) reason, everything else fits and the
 * pair becomes eligible once the request has waited long enough.
 */
export function checkEligibility(
  request: MatchRequest,
  candidate: CandidateVolunteer,
  options: Partial<MatchingOptions> = {},
  load: BatchLoad = NO_BATCH_LOAD,
  mode: 'first' | 'all' = 'all',
): Eligibility {
  return checkEligibilityWith(
    request,
    candidate,
    { ...DEFAULT_MATCHING_OPTIONS, ...options },
    load,
    mode,
  );
}

/** What a request's checks need, computed once per request (the matcher asks many times). */
interface RequestFacts {
  start: number;
  end: number;
  /** Where availability starts to count (the window's future part). */
  from: number;
  /** Japanese date of the window's last minute: insurance must be valid up to it. */
  lastDay: string;
  weekKey: string;
  windowMinutes: number;
  places: number;
}

const requestFactsCache = new WeakMap<MatchRequest, RequestFacts>();

function factsOf(request: MatchRequest): RequestFacts {
  let facts = requestFactsCache.get(request);
  if (!facts) {
    const start = request.windowStart.getTime();
    const end = request.windowEnd.getTime();
    facts = {
      start,
      end,
      from: Math.max(start, request.matchFrom?.getTime() ?? start),
      lastDay: jstDateOf(Math.max(start, end - 1)),
      weekKey: weekKeyOf(start),
      // The part of the window still ahead (at least a minute, so shares stay finite).
      windowMinutes: Math.max(
        1,
        Math.round((end - Math.max(start, request.matchFrom?.getTime() ?? start)) / 60_000),
      ),
      places: placesOpen(request),
    };
    requestFactsCache.set(request, facts);
  }
  return facts;
}

const ineligible = (reasons: IneligibleReason[]): Eligibility => ({ eligible: false, reasons });

/**
 * A volunteer's overlap with a window, remembered per volunteer: a batch asks it for every
 * request, and requests share a handful of windows (a snowy morning's slots).
 */
const overlapCache = new WeakMap<CandidateVolunteer, Map<string, WindowOverlap>>();
function overlapOf(candidate: CandidateVolunteer, from: number, end: number): WindowOverlap {
  let known = overlapCache.get(candidate);
  if (!known) overlapCache.set(candidate, (known = new Map()));
  const key = `${from}|${end}`;
  let overlap = known.get(key);
  if (!overlap) known.set(key, (overlap = availabilityOverlap(candidate.availability, from, end)));
  return overlap;
}

/**
 * The volunteers with a task left in a week the batch asks about. The others fail every pair on
 * capacity whatever the batch does; the worker leaves them out of the engine's input (after the
 * first hour of a storm they are most of a hot district), and the matchers skip any that remain
 * pair by pair (`fullInWeekOf`).
 */
export function withRoomIn(
  requests: readonly MatchRequest[],
  candidates: readonly CandidateVolunteer[],
): CandidateVolunteer[] {
  const weeks = [...new Set(requests.map((request) => factsOf(request).weekKey))];
  return candidates.filter((candidate) =>
    weeks.some((week) => (candidate.tasksByWeek[week] ?? 0) < candidate.maxTasksPerWeek),
  );
}

/**
 * Full in the request's week by stored load alone: whatever else holds, the answer is
 * `capacity`, so a matcher may skip the rest of the checks. (Only the stored load: a batch's
 * own bookings leave the volunteer to be judged, since they change the reasons reported.)
 */
export function fullInWeekOf(request: MatchRequest, candidate: CandidateVolunteer): boolean {
  return (candidate.tasksByWeek[factsOf(request).weekKey] ?? 0) >= candidate.maxTasksPerWeek;
}

/**
 * A neighbouring district's volunteer, while the request has not waited long enough for them:
 * at best they make it `neighbour_wait`. Once one such is found for a request, judging the
 * others changes nothing, and in a surge they are most of the candidates.
 */
export function onlyAfterWaiting(
  request: MatchRequest,
  candidate: CandidateVolunteer,
  opts: MatchingOptions,
): boolean {
  return (
    !neighbourWaitOver(request, opts) &&
    !candidate.districts.some((served) => served.id === request.districtId)
  );
}

/**
 * Whether neighbouring districts' volunteers may be asked: the request has waited the
 * neighbour wait, or a coordinator sent it to the neighbours now.
 */
export function neighbourWaitOver(
  request: Pick<MatchRequest, 'waitingMinutes' | 'neighboursOpen'>,
  opts: Pick<MatchingOptions, 'neighbourWaitMinutes'>,
): boolean {
  return request.neighboursOpen === true || request.waitingMinutes >= opts.neighbourWaitMinutes;
}

/**
 * `checkEligibility` with complete options (the matcher's inner loop spreads nothing). The
 * order matters: constraints that depend only on the stored data come first, then those the
 * batch's own proposals change (capacity, bookings), then the neighbour waiting time — so in
 * `'first'` mode a `capacity` or `booked` answer means every fixed constraint holds.
 */
export function checkEligibilityWith(
  request: MatchRequest,
  candidate: CandidateVolunteer,
  opts: MatchingOptions,
  load: BatchLoad,
  mode: 'first' | 'all',
): Eligibility {
  const first = mode === 'first';
  const reasons: IneligibleReason[] = [];

  // One account may be resident and volunteer; nobody is proposed to help themselves.
  if (candidate.id === request.residentId) {
    reasons.push('own_request');
    if (first) return ineligible(reasons);
  }
  if (request.excludedVolunteerIds.includes(candidate.id)) {
    reasons.push('excluded');
    if (first) return ineligible(reasons);
  }
  if (candidate.verification !== 'active') {
    reasons.push('not_verified');
    if (first) return ineligible(reasons);
  }

  // District: the request's own, or an adjacent one the volunteer serves (opt-in, after waiting).
  let sameDistrict = false;
  let distanceKm = Number.POSITIVE_INFINITY;
  let waitForNeighbour = false;
  for (const served of candidate.districts) {
    if (served.id === request.districtId) {
      sameDistrict = true;
      distanceKm = 0;
      break;
    }
    if (request.neighbourDistrictIds.includes(served.id)) {
      distanceKm = Math.min(distanceKm, haversineKm(request.location, served));
    }
  }
  if (!sameDistrict) {
    if (!Number.isFinite(distanceKm)) {
      reasons.push('district');
      if (first) return ineligible(reasons);
    } else if (!candidate.helpsNeighbours) {
      reasons.push('neighbour_not_opted_in');
      if (first) return ineligible(reasons);
    } else if (!neighbourWaitOver(request, opts)) {
      waitForNeighbour = true;
    }
  }

  if (!candidate.skills.includes(request.category)) {
    reasons.push('skill');
    if (first) return ineligible(reasons);
  }

  const facts = factsOf(request);
  // A group takes a request whole: all its people, and only while nobody else holds a place.
  const group = candidate.kind === 'group';
  const groupTooSmall = group && candidate.headcount < request.peopleNeeded;
  if (groupTooSmall) {
    reasons.push('group_too_small');
    if (first) return ineligible(reasons);
  }
  const partlyFilled = group && facts.places < request.peopleNeeded;
  if (partlyFilled) {
    reasons.push('request_partly_filled');
    if (first) return ineligible(reasons);
  }

  // Supported volunteering: a first task only as the second person, beside someone already on it.
  if (
    candidate.needsBuddy === true &&
    !hasBuddy(request, facts.places) &&
    !(opts.buddyInBatch === true && facts.places >= 2)
  ) {
    reasons.push('needs_buddy');
    if (first) return ineligible(reasons);
  }

  if (candidate.insuranceExpiresOn === null || candidate.insuranceExpiresOn < facts.lastDay) {
    reasons.push('insurance');
    if (first) return ineligible(reasons);
  }

  const overlap = overlapOf(candidate, facts.from, facts.end);
  if (overlap.longest < Math.min(opts.minOverlapMinutes, facts.windowMinutes)) {
    reasons.push('availability');
    if (first) return ineligible(reasons);
  }

  const tasksInWeek =
    (candidate.tasksByWeek[facts.weekKey] ?? 0) + load.extraTasks(candidate.id, facts.weekKey);
  if (tasksInWeek >= candidate.maxTasksPerWeek) {
    reasons.push('capacity');
    if (first) return ineligible(reasons);
  }

  if (
    !groupTooSmall &&
    !partlyFilled &&
    isBooked(candidate, facts.start, facts.end, request.peopleNeeded, load)
  ) {
    reasons.push('booked');
    if (first) return ineligible(reasons);
  }

  if (waitForNeighbour) reasons.push('neighbour_wait');
  if (reasons.length > 0) return ineligible(reasons);
  return {
    eligible: true,
    facts: {
      sameDistrict,
      distanceKm,
      overlapMinutes: overlap.longest,
      windowMinutes: facts.windowMinutes,
      neededMinutes: Math.min(facts.windowMinutes, opts.taskMinutes),
      weekKey: facts.weekKey,
      tasksInWeek,
    },
  };
}

/**
 * A request where a first-timer would not be alone: it needs 2+ people and someone (an
 * individual; a group takes a request whole) already holds a place, with one still open.
 */
export function hasBuddy(request: MatchRequest, places: number = placesOpen(request)): boolean {
  return request.peopleNeeded >= 2 && places > 0 && places < request.peopleNeeded;
}

/** Reasons the batch's own proposals can cause; anything else holds regardless of the batch. */
export function isLoadReason(reason: IneligibleReason | undefined): boolean {
  return reason === 'capacity' || reason === 'booked';
}

/**
 * An individual may not hold two overlapping bookings. A group may run tasks side by side as
 * long as the helpers they take together stay within its headcount (a group match takes all the
 * people its request needs).
 */
function isBooked(
  candidate: CandidateVolunteer,
  start: number,
  end: number,
  people: number,
  load: BatchLoad,
): boolean {
  const extra = load.extraBusy(candidate.id);
  if (candidate.kind === 'individual') {
    return (
      candidate.busy.some((b) => overlaps(b, start, end)) ||
      extra.some((b) => overlaps(b, start, end))
    );
  }
  let taken = people;
  for (const b of candidate.busy) if (overlaps(b, start, end)) taken += b.people;
  for (const b of extra) if (overlaps(b, start, end)) taken += b.people;
  return taken > candidate.headcount;
}

/** True when the only thing keeping the pair apart is the neighbour waiting time. */
export function eligibleAfterWaiting(eligibility: Eligibility): boolean {
  return (
    !eligibility.eligible &&
    eligibility.reasons.length === 1 &&
    eligibility.reasons[0] === 'neighbour_wait'
  );
}
