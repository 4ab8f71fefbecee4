import type {
  HelpCategory,
  IneligibleReason,
  ScoreBreakdown,
  Urgency,
  VerificationStatus,
  VolunteerKind,
} from '@sasaeai/contracts';

/**
 * Points per term. A pair's score is the sum of its terms, each between 0 and its weight (the
 * waiting term adds the urgency bonus on top). Every term is stored with the proposal.
 */
export interface ScoringWeights {
  /** Full points in the request's own district. */
  distance: number;
  /** A neighbouring district earns at most this share of `distance`, falling with the km. */
  neighbourShare: number;
  /** Beyond this many km a neighbour earns no distance points. */
  distanceHorizonKm: number;
  /** Full points with equipment that fits the category, half without. */
  skill: number;
  /** Full points when availability covers a whole task (or the whole window). */
  availability: number;
  /** Full points with no task yet in the week, nothing at the weekly limit. */
  load: number;
  /** The volunteer has helped this resident before. */
  continuity: number;
  /** Full points once the request has waited `waitingHorizonMinutes`. */
  waiting: number;
  waitingHorizonMinutes: number;
  /** Added to the waiting term. */
  urgency: Record<Urgency, number>;
  /** Scaled by the smoothed share of kept commitments. */
  reliability: number;
  /**
   * Only for volunteers who prefer tasks without conversation: full points for a quiet category
   * (snow, weeding, rubbish), half for `other`, none for visits and shopping.
   */
  quiet: number;
}

/** A point on the map (district centroid, later perhaps a geocoded address). */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/** A help request as the matcher sees it: ids, time, place and need — no personal data. */
export interface MatchRequest {
  id: string;
  districtId: string;
  /** Districts adjacent to the request's district (for volunteers who help neighbours). */
  neighbourDistrictIds: readonly string[];
  /** Centroid of the request's district. */
  location: GeoPoint;
  category: HelpCategory;
  windowStart: Date;
  windowEnd: Date;
  peopleNeeded: number;
  /**
   * Helper places still to fill: peopleNeeded minus live individual matches (0 once a group
   * holds the request). Defaults to peopleNeeded.
   */
  placesOpen?: number;
  /**
   * Availability is counted from here: the part of the window already past is of no use (an
   * "as soon as possible" window starts when the request was made). Defaults to windowStart.
   * Bookings still cover the whole window, as the database's booking constraint does.
   */
  matchFrom?: Date;
  urgency: Urgency;
  /** Minutes since the request (last) entered matching. */
  waitingMinutes: number;
  /** A coordinator sent it to neighbouring districts now: their volunteers need no wait. */
  neighboursOpen?: boolean;
  residentId: string;
  /**
   * Volunteers who must not be proposed again: those who declined, let an offer expire, were
   * rejected by a coordinator or did not show up on this request, and those already on it.
   */
  excludedVolunteerIds: readonly string[];
}

/** A district a volunteer serves, with its centroid for distances. */
export interface ServedDistrict extends GeoPoint {
  id: string;
}

/** Weekly availability: weekday 0 (Sunday) … 6, minutes from midnight, Asia/Tokyo. */
export interface AvailabilitySlot {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

/** A live booking of the volunteer (proposed, approved, offered or accepted match). */
export interface BusyInterval {
  start: Date;
  end: Date;
  /** Helpers it takes from the volunteer's headcount (1 for individuals). */
  people: number;
}

export interface ReliabilityStats {
  completed: number;
  declined: number;
  expired: number;
  noShow: number;
}

export interface CandidateVolunteer {
  id: string;
  kind: VolunteerKind;
  headcount: number;
  skills: readonly HelpCategory[];
  equipment: readonly string[];
  districts: readonly ServedDistrict[];
  helpsNeighbours: boolean;
  availability: readonly AvailabilitySlot[];
  maxTasksPerWeek: number;
  /**
   * Live and completed matches per week, keyed by the week's Monday in Japan (`YYYY-MM-DD`, see
   * `weekKeyOf`). Capacity is per week of the task, so a full week does not block next week.
   */
  tasksByWeek: Readonly<Record<string, number>>;
  verification: VerificationStatus;
  /** `YYYY-MM-DD` (Japan), or null when the volunteer has no activity insurance on record. */
  insuranceExpiresOn: string | null;
  /** Live bookings that could overlap the batch's windows. */
  busy: readonly BusyInterval[];
  /** Residents this volunteer has completed a task for (continuity). */
  helpedResidentIds: readonly string[];
  reliability: ReliabilityStats;
  /**
   * Supported volunteering: the volunteer asked for a first task with someone else, and has not
   * completed a task yet. Such a volunteer is only the second (or later) person on a request for
   * 2+ people where someone else already holds a place. Absent means false.
   */
  needsBuddy?: boolean;
  /** Prefers tasks without conversation (a scoring preference, the `quiet` term). */
  preferQuiet?: boolean;
}

/** Codes only: pages word them (`ineligible.*` in the web dictionaries). */
export type { IneligibleReason };

export interface MatchingOptions {
  /** A request must have waited this long before opted-in neighbours may take it. */
  neighbourWaitMinutes: number;
  /** Shortest useful stretch of availability inside the window (capped at the window). */
  minOverlapMinutes: number;
  /** Typical task length: availability covering this much of the window counts as full. */
  taskMinutes: number;
  /**
   * Supported volunteering: a first-timer may also be proposed on an empty request for 2+
   * people when the same batch proposes someone else for it (`applyBuddyRule`). Off (the strict
   * pair rule) unless set: the worker's batches set it, the coordinator's list does not.
   */
  buddyInBatch?: boolean;
}

export const DEFAULT_MATCHING_OPTIONS: MatchingOptions = {
  neighbourWaitMinutes: 60,
  minOverlapMinutes: 30,
  taskMinutes: 120,
};

/** What made an eligible pair eligible; scoring reads these instead of recomputing them. */
export interface EligibilityFacts {
  sameDistrict: boolean;
  distanceKm: number;
  /** Longest contiguous stretch of availability inside the window. */
  overlapMinutes: number;
  windowMinutes: number;
  /** Availability covering this many minutes counts as full (the task, or the whole window). */
  neededMinutes: number;
  weekKey: string;
  tasksInWeek: number;
}

export type Eligibility =
  { eligible: true; facts: EligibilityFacts } | { eligible: false; reasons: IneligibleReason[] };

/** One proposal the worker hands to `proposeMatch`. */
export interface Proposal {
  requestId: string;
  volunteerId: string;
  score: number;
  breakdown: ScoreBreakdown;
}

export type HeldBackReason =
  /** Nobody passes the hard constraints, now or later: the coordinator must step in. */
  | 'no_candidates'
  /** Only opted-in neighbours fit, and the request has not waited long enough for them yet. */
  | 'neighbour_wait'
  /** Eligible volunteers exist but were all taken by higher-priority requests in this batch. */
  | 'contention';

export interface HeldBack {
  requestId: string;
  reason: HeldBackReason;
  /** Places still open after this batch. */
  placesOpen: number;
}

export interface BatchInput {
  requests: readonly MatchRequest[];
  candidates: readonly CandidateVolunteer[];
  options?: Partial<MatchingOptions>;
  weights?: Partial<ScoringWeights>;
}

/** What the optimal matcher's search did (for benchmarks and logs). */
export interface OptimalStats {
  components: number;
  /** Flow solves (branch-and-bound nodes) over all components. */
  nodes: number;
  /** Components whose optimum was not proven within the node budget (repaired instead). */
  unproven: number;
}

export interface BatchResult {
  proposals: Proposal[];
  /** Requests (or their remaining places) that got no proposal, and why. */
  heldBack: HeldBack[];
  /** Set by `assignOptimal`. */
  stats?: OptimalStats;
}

/**
 * The batch-shaped matcher contract. v1 is `assignGreedy` (priority-ordered best candidate);
 * an optimal engine (min-cost flow / LP over capacity slots) can replace it behind this type.
 */
export type BatchMatcher = (input: BatchInput) => BatchResult;
