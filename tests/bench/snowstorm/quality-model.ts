/**
 * The hindsight model of a recorded storm: request classes, their eligible pairs and scores, and
 * what an assignment of them is worth (see quality.ts for the conventions).
 */
import {
  checkEligibility,
  DEFAULT_MATCHING_OPTIONS,
  DEFAULT_WEIGHTS,
  NO_BATCH_LOAD,
  placesOpen,
  termPoints,
  totalOf,
  type CandidateVolunteer,
  type MatchingOptions,
  type MatchRequest,
  type ScoringWeights,
} from '@sasaeai/core';

/** A request with its arrival time (for the first-come baseline). */
export interface RecordedRequest extends MatchRequest {
  createdAt: Date;
}

export interface QualityInstance {
  requests: readonly RecordedRequest[];
  candidates: readonly CandidateVolunteer[];
  options?: Partial<MatchingOptions>;
  weights?: Partial<ScoringWeights>;
}

/**
 * `evenness`: as many places as can be filled, then the most even load (least Σ tasks² per
 * volunteer). Loads a flow can deliver form a polymatroid, whose least-norm point is majorised
 * by every other with the same total: no assignment filling as many places has a lower Gini.
 */
export type Objective = 'score' | 'objective' | 'evenness';

/** Requests the matcher cannot tell apart. */
interface RequestClass {
  representative: MatchRequest;
  requestIds: string[];
  places: number;
  start: number;
  end: number;
}

export interface ModelPair {
  cls: number;
  candidate: number;
  /** The pair's score in cents (per place). */
  cents: number;
  group: boolean;
  week: string;
}

export interface HindsightModel {
  classes: RequestClass[];
  classOfRequest: Map<string, number>;
  candidates: readonly CandidateVolunteer[];
  candidateIndex: Map<string, number>;
  pairs: ModelPair[];
  pairsOfClass: number[][];
  pairIndex: Map<string, number>;
  /** Remaining weekly capacity per candidate and week key. */
  capacity: (candidate: number, week: string) => number;
  /** Penalty of an individual's k-th task of a week (k from 1), in cents. */
  penalty: (candidate: number, k: number) => number;
  weights: Readonly<ScoringWeights>;
  options: MatchingOptions;
}

/** Units per pair: places for an individual (0/1), requests taken for a group. */
export type Assignment = Map<number, number>;

export const pairKey = (cls: number, candidate: number) => `${cls}|${candidate}`;

/** Everything eligibility and scoring read from a request, as a key. */
function classKey(request: MatchRequest, specialResidents: ReadonlySet<string>): string {
  return [
    request.districtId,
    request.neighbourDistrictIds.join(','),
    request.location.lat,
    request.location.lon,
    request.category,
    request.windowStart.getTime(),
    request.windowEnd.getTime(),
    request.matchFrom?.getTime() ?? '',
    request.peopleNeeded,
    placesOpen(request),
    request.urgency,
    request.waitingMinutes,
    [...request.excludedVolunteerIds].sort().join(','),
    // The resident matters only to a volunteer who is that resident or has helped them.
    specialResidents.has(request.residentId) ? request.residentId : '',
  ].join('|');
}

/** Classes of requests, their eligible pairs and scores, with the core functions. */
export function buildModel(instance: QualityInstance): HindsightModel {
  const options = { ...DEFAULT_MATCHING_OPTIONS, ...instance.options };
  const weights = { ...DEFAULT_WEIGHTS, ...instance.weights };
  const candidates = [...instance.candidates].sort((a, b) => (a.id < b.id ? -1 : 1));
  const candidateIndex = new Map(candidates.map((c, i) => [c.id, i]));
  const special = new Set<string>();
  for (const c of candidates) {
    special.add(c.id);
    for (const r of c.helpedResidentIds) special.add(r);
  }
  const byDistrict = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    for (const d of c.districts) {
      const list = byDistrict.get(d.id);
      if (list) list.push(i);
      else byDistrict.set(d.id, [i]);
    }
  });

  const classes: RequestClass[] = [];
  const classOfRequest = new Map<string, number>();
  const classByKey = new Map<string, number>();
  for (const request of instance.requests) {
    const key = classKey(request, special);
    let cls = classByKey.get(key);
    if (cls === undefined) {
      cls = classes.length;
      classByKey.set(key, cls);
      classes.push({
        representative: request,
        requestIds: [],
        places: placesOpen(request),
        start: request.windowStart.getTime(),
        end: request.windowEnd.getTime(),
      });
    }
    classes[cls]!.requestIds.push(request.id);
    classOfRequest.set(request.id, cls);
  }

  const pairs: ModelPair[] = [];
  const pairsOfClass: number[][] = [];
  const pairIndex = new Map<string, number>();
  const stored = new Map<string, number>();
  classes.forEach((cls, c) => {
    const mine: number[] = [];
    pairsOfClass.push(mine);
    if (cls.places === 0) return;
    const request = cls.representative;
    const near = new Set<number>();
    for (const d of [request.districtId, ...request.neighbourDistrictIds]) {
      for (const i of byDistrict.get(d) ?? []) near.add(i);
    }
    for (const i of [...near].sort((a, b) => a - b)) {
      const candidate = candidates[i]!;
      const e = checkEligibility(request, candidate, options, NO_BATCH_LOAD, 'first');
      if (!e.eligible) continue;
      const cents = Math.round(totalOf(termPoints(request, candidate, e.facts, weights)) * 100);
      stored.set(`${i}|${e.facts.weekKey}`, e.facts.tasksInWeek);
      pairIndex.set(pairKey(c, i), pairs.length);
      mine.push(pairs.length);
      pairs.push({
        cls: c,
        candidate: i,
        cents,
        group: candidate.kind === 'group',
        week: e.facts.weekKey,
      });
    }
  });

  return {
    classes,
    classOfRequest,
    candidates,
    candidateIndex,
    pairs,
    pairsOfClass,
    pairIndex,
    capacity: (i, week) =>
      Math.max(
        0,
        candidates[i]!.maxTasksPerWeek -
          (stored.get(`${i}|${week}`) ?? candidates[i]!.tasksByWeek[week] ?? 0),
      ),
    penalty: (i, k) => {
      const candidate = candidates[i]!;
      return candidate.kind === 'group'
        ? 0
        : Math.round((100 * weights.load * (k - 1)) / Math.max(1, candidate.maxTasksPerWeek));
    },
    weights,
    options,
  };
}

/** Upper bound of a pair's column: one place for an individual, the class's requests for a group. */
export const upperOf = (m: HindsightModel, pi: number) => {
  const pair = m.pairs[pi]!;
  return pair.group ? m.classes[pair.cls]!.requestIds.length : 1;
};

/** Places a unit of the pair fills. */
export const placesPerUnit = (m: HindsightModel, pi: number) => {
  const pair = m.pairs[pi]!;
  return pair.group ? m.classes[pair.cls]!.places : 1;
};

/** Helpers a unit of the pair takes from the volunteer's headcount at its window. */
export const peoplePerUnit = (m: HindsightModel, pi: number) => {
  const pair = m.pairs[pi]!;
  return pair.group ? m.classes[pair.cls]!.representative.peopleNeeded : 1;
};

export interface Evaluation {
  /** Efficiency-only total, points. */
  score: number;
  /** The matcher's objective (score minus the convex load penalty), points. */
  objective: number;
  placesFilled: number;
  /** Tasks (requests taken) per candidate index. */
  tasks: Map<number, number>;
  /** Broken hard constraints (0 for any feasible assignment). */
  violations: number;
}

/** Totals and per-volunteer tasks of an assignment, and how many constraints it breaks. */
export function evaluate(m: HindsightModel, assignment: Assignment): Evaluation {
  let cents = 0;
  let placesFilled = 0;
  let violations = 0;
  const tasks = new Map<number, number>();
  const perWeek = new Map<string, number>();
  const perClass = new Map<number, number>();
  const perCandidate = new Map<number, number[]>();
  for (const [pi, units] of assignment) {
    const pair = m.pairs[pi]!;
    if (units > upperOf(m, pi)) violations++;
    const places = placesPerUnit(m, pi) * units;
    cents += pair.cents * places;
    placesFilled += places;
    tasks.set(pair.candidate, (tasks.get(pair.candidate) ?? 0) + units);
    const wk = `${pair.candidate}|${pair.week}`;
    perWeek.set(wk, (perWeek.get(wk) ?? 0) + units);
    perClass.set(pair.cls, (perClass.get(pair.cls) ?? 0) + places);
    const list = perCandidate.get(pair.candidate);
    if (list) list.push(pi);
    else perCandidate.set(pair.candidate, [pi]);
  }
  let penalty = 0;
  for (const [wk, n] of perWeek) {
    const [i, week] = wk.split('|') as [string, string];
    if (n > m.capacity(Number(i), week)) violations++;
    for (let k = 1; k <= n; k++) penalty += m.penalty(Number(i), k);
  }
  for (const [c, places] of perClass) {
    const cls = m.classes[c]!;
    if (places > cls.places * cls.requestIds.length) violations++;
  }
  for (const [i, list] of perCandidate) {
    const candidate = m.candidates[i]!;
    const points = new Set(list.map((pi) => m.classes[m.pairs[pi]!.cls]!.start));
    for (const b of candidate.busy) points.add(b.start.getTime());
    for (const at of points) {
      let people = 0;
      for (const pi of list) {
        const cls = m.classes[m.pairs[pi]!.cls]!;
        if (cls.start <= at && at < cls.end) people += peoplePerUnit(m, pi) * assignment.get(pi)!;
      }
      for (const b of candidate.busy) {
        if (b.start.getTime() <= at && at < b.end.getTime()) people += b.people;
      }
      if (people > (candidate.kind === 'group' ? candidate.headcount : 1)) violations++;
    }
  }
  return {
    score: cents / 100,
    objective: (cents - penalty) / 100,
    placesFilled,
    tasks,
    violations,
  };
}

/**
 * Splits a class-level assignment back into (request, volunteer) pairs: a group's units go to
 * whole requests, individuals fill the remaining requests' places round-robin (each individual
 * has at most one unit per class, so a request never gets the same volunteer twice).
 */
export function disaggregate(
  m: HindsightModel,
  assignment: Assignment,
): { requestId: string; volunteerId: string }[] {
  const out: { requestId: string; volunteerId: string }[] = [];
  const byClass = new Map<number, number[]>();
  for (const pi of [...assignment.keys()].sort((a, b) => a - b)) {
    const c = m.pairs[pi]!.cls;
    const list = byClass.get(c);
    if (list) list.push(pi);
    else byClass.set(c, [pi]);
  }
  for (const [c, list] of byClass) {
    const cls = m.classes[c]!;
    let next = 0;
    for (const pi of list.filter((x) => m.pairs[x]!.group)) {
      for (let u = 0; u < assignment.get(pi)!; u++) {
        out.push({
          requestId: cls.requestIds[next++]!,
          volunteerId: m.candidates[m.pairs[pi]!.candidate]!.id,
        });
      }
    }
    const rest = cls.requestIds.slice(next);
    let slot = 0;
    for (const pi of list.filter((x) => !m.pairs[x]!.group)) {
      for (let u = 0; u < assignment.get(pi)!; u++) {
        out.push({
          requestId: rest[slot % rest.length]!,
          volunteerId: m.candidates[m.pairs[pi]!.candidate]!.id,
        });
        slot++;
      }
    }
  }
  return out;
}

/** The class-level assignment of (request, volunteer) pairs; pairs outside the model are listed. */
export function aggregate(
  m: HindsightModel,
  matches: readonly { requestId: string; volunteerId: string }[],
): { assignment: Assignment; outside: { requestId: string; volunteerId: string }[] } {
  const assignment: Assignment = new Map();
  const outside: { requestId: string; volunteerId: string }[] = [];
  for (const match of matches) {
    const c = m.classOfRequest.get(match.requestId);
    const i = m.candidateIndex.get(match.volunteerId);
    const pi = c === undefined || i === undefined ? undefined : m.pairIndex.get(pairKey(c, i));
    if (pi === undefined) outside.push(match);
    else assignment.set(pi, (assignment.get(pi) ?? 0) + 1);
  }
  return { assignment, outside };
}

// ---------------------------------------------------------------------------------------------
// Recording the storm's instance from the bench database.
