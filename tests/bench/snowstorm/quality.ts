/**
 * Matching quality for the snowstorm benchmark (issue 4): the online assignment the worker made
 * during the storm, compared on the same recorded instance with
 *
 * - the hindsight optimum: an exact solver (HiGHS, the `highs` WebAssembly build) that sees every
 *   request of the storm at once, under the same hard constraints the online matcher had;
 * - a naive first-come greedy baseline: requests in arrival order, each taking the best-scoring
 *   free eligible volunteer at that moment.
 *
 * Conventions (so that every ratio compares like with like):
 *
 * - The instance is the state BEFORE the storm: every storm request as created (window, district,
 *   category, people needed, urgency, creation time; nothing excluded, every place open) and the
 *   candidate volunteers as `loadCandidates` reads them, minus the tasks and bookings the storm's
 *   own matches added.
 * - Every pair is checked and scored with the core functions the worker uses
 *   (`checkEligibility`, `termPoints`), AS AT THE REQUEST'S CREATION: waiting time 0 (so the
 *   waiting term is the urgency bonus alone, and opted-in neighbours, who may only help after
 *   `neighbourWaitMinutes`, are not eligible — the online matcher never reached that wait in the
 *   storm either), availability counted from max(window start, creation time), and the load term
 *   against the pre-storm weekly load. The online matches are re-scored the same way, not read
 *   from `matches.score` (which carries the waiting minutes and load at the moment of the batch).
 * - Every filled place earns its pair's score (a group filling a request of p places earns p ×
 *   its score), as in the core `batchObjective`.
 * - Two totals:
 *   - `score` (efficiency only): the sum above, nothing else.
 *   - `objective` (the matcher's own, `batchObjective`): `score` minus the convex load penalty an
 *     individual's k-th task of a week costs, `weights.load × (k − 1) / maxTasksPerWeek` — exactly
 *     what the score's load term loses as the week fills up, so it is also the total of the
 *     scores the system stores when each task is scored as it is given.
 * - quality = online objective ÷ hindsight optimum of the objective; efficiency loss = 1 − online
 *   score ÷ the efficiency-only optimum (maximum score, no load penalty).
 *
 * Model: requests that the matcher cannot tell apart (same district, window, category, urgency,
 * people needed, …) form a class, so the LP has one column per class × eligible volunteer, not
 * per request × volunteer; any solution of the class model splits back into requests (all of a
 * class share one window, so an individual takes at most one request of it). Rows: places per
 * class; per volunteer and point in time (each distinct window start), at most one task for an
 * individual and at most its headcount for a group; per volunteer and week, its remaining
 * weekly capacity (for the objective, with one 0/1 column per k-th task carrying the penalty).
 * With the bench's fixed, disjoint two-hour slots and one helper per request, these rows form two
 * laminar families over the pair columns (class rows; slot ⊂ week rows per volunteer), the
 * penalty columns are unit columns, so the matrix is totally unimodular and the LP optimum that
 * simplex returns (a vertex) is integral, hence the exact integer optimum. The solution is
 * checked for integrality; if a vertex is ever fractional (overlapping windows, groups on
 * multi-person requests) the same model is solved again as a MIP with gap 0.
 */
import * as highsModule from 'highs';
import type { Highs } from 'highs';
import {
  checkEligibility,
  DEFAULT_MATCHING_OPTIONS,
  DEFAULT_WEIGHTS,
  NO_BATCH_LOAD,
  placesOpen,
  termPoints,
  totalOf,
  weekKeyOf,
  type CandidateVolunteer,
  type MatchingOptions,
  type MatchRequest,
  type ScoringWeights,
} from '@sasaeai/core';
import type { Database } from '@sasaeai/db/client';
import { districtMatchingContext, loadCandidates } from '@sasaeai/db/matching';
import type { HelpCategory, Urgency } from '@sasaeai/contracts';
import { sql } from 'drizzle-orm';
import { gini } from './stats.ts';

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

/** Worth of a filled place in the `evenness` objective: more than any task's square adds. */
const PLACE_FIRST = 10_000;

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

const pairKey = (cls: number, candidate: number) => `${cls}|${candidate}`;

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
const upperOf = (m: HindsightModel, pi: number) => {
  const pair = m.pairs[pi]!;
  return pair.group ? m.classes[pair.cls]!.requestIds.length : 1;
};

/** Places a unit of the pair fills. */
const placesPerUnit = (m: HindsightModel, pi: number) => {
  const pair = m.pairs[pi]!;
  return pair.group ? m.classes[pair.cls]!.places : 1;
};

/** Helpers a unit of the pair takes from the volunteer's headcount at its window. */
const peoplePerUnit = (m: HindsightModel, pi: number) => {
  const pair = m.pairs[pi]!;
  return pair.group ? m.classes[pair.cls]!.representative.peopleNeeded : 1;
};

interface Row {
  upper: number;
  lower: number;
  entries: [column: number, value: number][];
}

export interface HindsightSolution {
  objective: Objective;
  assignment: Assignment;
  /** Total of the chosen objective, in points (recomputed from the integral solution). */
  total: number;
  /** What HiGHS reported, in points (must equal `total`). */
  solverTotal: number;
  /** Every column of the LP optimum was integral (so no MIP was needed). */
  lpIntegral: boolean;
  method: 'lp' | 'mip';
  rows: number;
  columns: number;
  ms: number;
}

let highsPromise: Promise<Highs> | undefined;
// The package's types describe a CommonJS module; under ESM its loader is the namespace's default.
const loadHighs = (highsModule as unknown as { default: () => Promise<Highs> }).default;
const highs = () => (highsPromise ??= loadHighs());

/** Groups of pair columns per volunteer that must share time or weekly capacity. */
function constraintRows(m: HindsightModel, objective: Objective) {
  const rows: Row[] = [];
  const extraColumns: { cost: number }[] = [];
  const columnCount = m.pairs.length;

  // Places per class.
  m.classes.forEach((cls, c) => {
    const mine = m.pairsOfClass[c]!;
    if (mine.length === 0) return;
    rows.push({
      lower: -Infinity,
      upper: cls.places * cls.requestIds.length,
      entries: mine.map((pi) => [pi, placesPerUnit(m, pi)]),
    });
  });

  const byCandidate = new Map<number, number[]>();
  m.pairs.forEach((pair, pi) => {
    const list = byCandidate.get(pair.candidate);
    if (list) list.push(pi);
    else byCandidate.set(pair.candidate, [pi]);
  });
  for (const [i, mine] of byCandidate) {
    const candidate = m.candidates[i]!;
    const group = candidate.kind === 'group';
    // Time: at every window start, what the volunteer does then fits (a concurrent load is
    // largest at some start, so these points cover every overlap).
    const busy = candidate.busy.map((b) => ({
      start: b.start.getTime(),
      end: b.end.getTime(),
      people: b.people,
    }));
    const points = new Set<number>();
    for (const pi of mine) points.add(m.classes[m.pairs[pi]!.cls]!.start);
    if (group) for (const b of busy) points.add(b.start);
    for (const at of [...points].sort((a, b) => a - b)) {
      const here = mine.filter((pi) => {
        const cls = m.classes[m.pairs[pi]!.cls]!;
        return cls.start <= at && at < cls.end;
      });
      if (here.length === 0) continue;
      const taken = busy
        .filter((b) => b.start <= at && at < b.end)
        .reduce((s, b) => s + b.people, 0);
      const limit = group ? candidate.headcount - taken : 1;
      const most = here.reduce((s, pi) => s + upperOf(m, pi) * peoplePerUnit(m, pi), 0);
      if (most <= limit) continue;
      rows.push({
        lower: -Infinity,
        upper: Math.max(0, limit),
        entries: here.map((pi) => [pi, peoplePerUnit(m, pi)]),
      });
    }
    // Weekly capacity (and, for the objective, the k-th task's penalty).
    const byWeek = new Map<string, number[]>();
    for (const pi of mine) {
      const week = m.pairs[pi]!.week;
      const list = byWeek.get(week);
      if (list) list.push(pi);
      else byWeek.set(week, [pi]);
    }
    if (objective === 'evenness') {
      // Σ tasks − Σ_k t_k = 0 over all weeks, the k-th task costing 2k − 1: Σ tasks².
      let most = 0;
      for (const [week, list] of byWeek) {
        most += Math.min(
          m.capacity(i, week),
          list.reduce((sum, pi) => sum + upperOf(m, pi), 0),
        );
      }
      const entries: [number, number][] = mine.map((pi) => [pi, 1]);
      for (let k = 1; k <= most; k++) {
        entries.push([columnCount + extraColumns.length, -1]);
        extraColumns.push({ cost: -(2 * k - 1) });
      }
      rows.push({ lower: 0, upper: 0, entries });
    }
    for (const [week, list] of byWeek) {
      const cap = m.capacity(i, week);
      const most = list.reduce((s, pi) => s + upperOf(m, pi), 0);
      const penalised = objective === 'objective' && !group && cap >= 2 && most >= 2;
      if (!penalised) {
        if (most > cap) {
          rows.push({ lower: -Infinity, upper: cap, entries: list.map((pi) => [pi, 1]) });
        }
        continue;
      }
      // Σ tasks − Σ_k t_k = 0, t_k ∈ [0, 1] for the k-th task, k = 1..cap; the penalties rise
      // with k, so an optimum fills t_1, t_2, … in order.
      const entries: [number, number][] = list.map((pi) => [pi, 1]);
      for (let k = 1; k <= cap; k++) {
        entries.push([columnCount + extraColumns.length, -1]);
        extraColumns.push({ cost: -m.penalty(i, k) });
      }
      rows.push({ lower: 0, upper: 0, entries });
    }
  }
  return { rows, extraColumns };
}

/**
 * The exact optimum of the instance for one objective, with HiGHS. With `keep`, every unit of
 * that assignment stays (a lower bound on its columns): the best completion of a partial one.
 */
export async function solveHindsight(
  m: HindsightModel,
  objective: Objective,
  keep?: Assignment,
): Promise<HindsightSolution> {
  const began = performance.now();
  if (m.pairs.length === 0) {
    const empty = { assignment: new Map(), total: 0, solverTotal: 0, lpIntegral: true };
    return { objective, ...empty, method: 'lp', rows: 0, columns: 0, ms: 0 };
  }
  const solver = await highs();
  const { rows, extraColumns } = constraintRows(m, objective);
  const numCols = m.pairs.length + extraColumns.length;
  const colCost = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  for (const [pi, units] of keep ?? []) colLower[pi] = units;
  m.pairs.forEach((pair, pi) => {
    const worth = objective === 'evenness' ? PLACE_FIRST : pair.cents;
    colCost[pi] = worth * placesPerUnit(m, pi);
    colUpper[pi] = upperOf(m, pi);
  });
  extraColumns.forEach((col, j) => {
    colCost[m.pairs.length + j] = col.cost;
    colUpper[m.pairs.length + j] = 1;
  });
  // CSR: one packed row per constraint.
  const starts = new Int32Array(rows.length + 1);
  let nonzeros = 0;
  rows.forEach((row, r) => {
    nonzeros += row.entries.length;
    starts[r + 1] = nonzeros;
  });
  const indices = new Int32Array(nonzeros);
  const values = new Float64Array(nonzeros);
  let at = 0;
  for (const row of rows) {
    for (const [column, value] of row.entries) {
      indices[at] = column;
      values[at] = value;
      at++;
    }
  }
  const inf = solver.infinity;
  const data = {
    numCols,
    numRows: rows.length,
    sense: solver.constants.objectiveSense.maximize,
    colCost,
    colLower,
    colUpper,
    rowLower: Float64Array.from(rows, (r) => (r.lower === -Infinity ? -inf : r.lower)),
    rowUpper: Float64Array.from(rows, (r) => r.upper),
    matrix: { format: 'csr' as const, numRows: rows.length, numCols, starts, indices, values },
  };

  const run = (integer: boolean) =>
    solver.withModel(
      integer
        ? {
            ...data,
            integrality: new Int32Array(numCols).fill(solver.constants.variableType.integer),
          }
        : data,
      (model) => {
        model.options.set({
          output_flag: false,
          ...(integer ? { mip_rel_gap: 0 } : { solver: 'simplex' }),
        });
        model.run();
        const status = model.getModelStatus();
        if (status !== solver.constants.modelStatus.optimal) {
          throw new Error(`HiGHS ended with model status ${status}`);
        }
        return { values: model.getSolution().colValue, value: model.getObjectiveValue() };
      },
    );

  let solved = run(false);
  const lpIntegral = solved.values.every((v) => Math.abs(v - Math.round(v)) <= 1e-6);
  let method: 'lp' | 'mip' = 'lp';
  if (!lpIntegral) {
    solved = run(true);
    method = 'mip';
  }
  const assignment: Assignment = new Map();
  m.pairs.forEach((_, pi) => {
    const units = Math.round(solved.values[pi]!);
    if (units > 0) assignment.set(pi, units);
  });
  const evaluated = evaluate(m, assignment);
  let squares = 0;
  for (const n of evaluated.tasks.values()) squares += n * n;
  const total =
    objective === 'score'
      ? evaluated.score
      : objective === 'objective'
        ? evaluated.objective
        : (PLACE_FIRST * evaluated.placesFilled - squares) / 100;
  if (Math.abs(total - solved.value / 100) > 0.005 + 1e-9 * Math.abs(total)) {
    throw new Error(`hindsight total ${total} differs from the solver's ${solved.value / 100}`);
  }
  if (evaluated.violations > 0) throw new Error('the hindsight solution breaks a constraint');
  return {
    objective,
    assignment,
    total,
    solverTotal: solved.value / 100,
    lpIntegral,
    method,
    rows: rows.length,
    columns: numCols,
    ms: Math.round(performance.now() - began),
  };
}

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
 * Naive first-come greedy: requests in arrival order, each place taken by the best-scoring free
 * eligible volunteer as scored at that moment (the load term counts the tasks the baseline has
 * already given the volunteer that week). A group takes a request whole, and only while nobody
 * holds a place on it. Ties go to the volunteer id.
 */
export function firstComeGreedy(
  m: HindsightModel,
  requests: readonly RecordedRequest[],
): Assignment {
  const assignment: Assignment = new Map();
  // Per pair, its volunteer-week (numbered) and what the scoring needs, computed once.
  const vwOf = new Int32Array(m.pairs.length);
  const vwIndex = new Map<string, number>();
  const capacityOf: number[] = [];
  const storedOf: number[] = [];
  m.pairs.forEach((pair, pi) => {
    const key = `${pair.candidate}|${pair.week}`;
    let vw = vwIndex.get(key);
    if (vw === undefined) {
      vw = capacityOf.length;
      vwIndex.set(key, vw);
      const cap = m.capacity(pair.candidate, pair.week);
      capacityOf.push(cap);
      storedOf.push(m.candidates[pair.candidate]!.maxTasksPerWeek - cap);
    }
    vwOf[pi] = vw;
  });
  const weekCount = new Int32Array(capacityOf.length);
  const taken = new Map<number, { start: number; end: number; people: number }[]>();
  const loadTerm = (i: number, n: number) => {
    const max = Math.max(1, m.candidates[i]!.maxTasksPerWeek);
    return Math.round(100 * m.weights.load * (1 - Math.min(max, n) / max));
  };
  const ordered = [...requests].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
  );
  for (const request of ordered) {
    const c = m.classOfRequest.get(request.id);
    if (c === undefined) continue;
    const cls = m.classes[c]!;
    const on = new Set<number>();
    let left = cls.places;
    while (left > 0) {
      let best = -1;
      let bestScore = -Infinity;
      for (const pi of m.pairsOfClass[c]!) {
        const pair = m.pairs[pi]!;
        const i = pair.candidate;
        const vw = vwOf[pi]!;
        const n = weekCount[vw]!;
        if (n >= capacityOf[vw]! || on.has(i) || (pair.group && left < cls.places)) continue;
        const candidate = m.candidates[i]!;
        const mine = taken.get(i);
        if (candidate.kind === 'individual') {
          if (mine?.some((t) => t.start < cls.end && cls.start < t.end)) continue;
        } else {
          let people = peoplePerUnit(m, pi);
          for (const t of mine ?? [])
            if (t.start < cls.end && cls.start < t.end) people += t.people;
          for (const b of candidate.busy) {
            if (b.start.getTime() < cls.end && cls.start < b.end.getTime()) people += b.people;
          }
          if (people > candidate.headcount) continue;
        }
        // The pair's score at this moment: its load term as the week has filled so far.
        const stored = storedOf[vw]!;
        const now = pair.cents - loadTerm(i, stored) + loadTerm(i, stored + n);
        if (now > bestScore) {
          bestScore = now;
          best = pi;
        }
      }
      if (best < 0) break;
      const pair = m.pairs[best]!;
      const i = pair.candidate;
      on.add(i);
      assignment.set(best, (assignment.get(best) ?? 0) + 1);
      weekCount[vwOf[best]!]! += 1;
      const list = taken.get(i) ?? [];
      list.push({ start: cls.start, end: cls.end, people: peoplePerUnit(m, best) });
      taken.set(i, list);
      left -= placesPerUnit(m, best);
    }
  }
  return assignment;
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

export interface AssignmentReport {
  /** The matcher's objective (score − convex load penalty), points. */
  objective: number;
  /** Efficiency-only total score, points. */
  score: number;
  placesFilled: number;
  /** objective ÷ hindsight optimum of the objective. */
  quality: number;
  /** 1 − score ÷ efficiency-only optimum. */
  efficiencyLoss: number;
  /** Over the eligible volunteers (active, offering the category, serving a storm district). */
  gini: number;
  maxTasks: number;
  /** The same over individuals alone (groups share tasks among their members). */
  giniIndividuals: number;
  violations: number;
}

export interface QualityReport {
  convention: string;
  instance: {
    requests: number;
    places: number;
    classes: number;
    candidates: number;
    eligibleVolunteers: number;
    pairs: number;
  };
  solver: Record<Objective, Omit<HindsightSolution, 'assignment' | 'objective'>>;
  online: AssignmentReport & {
    matches: number;
    outsideInstance: number;
    /**
     * The best the hindsight solver can do while keeping every online match (null when the
     * online assignment breaks a constraint of the instance). Close to 1 means what online lost
     * is places still unfilled when the storm settled, not choices that blocked better ones.
     */
    completion: { objective: number; placesFilled: number; quality: number } | null;
  };
  greedy: AssignmentReport;
  /** The hindsight optimum of the matcher's objective. */
  hindsight: AssignmentReport;
  /** The hindsight optimum of the score alone (one of possibly many optimal assignments). */
  efficiencyOnly: AssignmentReport;
  /**
   * The most even load among assignments filling as many places as can be (see `evenness`):
   * its Gini is the lowest any matcher can reach on this storm while serving as many people.
   */
  fairest: AssignmentReport;
  targets: {
    quality: { target: 0.97; online: number; greedy: number; met: boolean };
    fairness: { giniTarget: 0.25; lossTarget: 0.02; gini: number; loss: number; met: boolean };
  };
  ms: number;
}

export const CONVENTION =
  'Pre-storm instance; every pair checked and scored with the core eligibility and scoring as at ' +
  "the request's creation (waiting 0, pre-storm load); every filled place earns its pair's score. " +
  'score = that sum; objective = score − convex load penalty (core batchObjective). quality = ' +
  'online objective ÷ HiGHS hindsight optimum of the objective; efficiency loss = 1 − online ' +
  'score ÷ HiGHS optimum of the score alone.';

/** Records the instance, solves it both ways, and compares online and greedy with the optima. */
export async function measureQuality(db: Database, stormStart: Date): Promise<QualityReport> {
  const began = performance.now();
  const { instance, online } = await recordInstance(db, stormStart);
  const m = buildModel(instance);
  const fair = await solveHindsight(m, 'objective');
  const efficient = await solveHindsight(m, 'score');
  const even = await solveHindsight(m, 'evenness');
  const greedy = firstComeGreedy(m, instance.requests);
  const onlineAgg = aggregate(m, online);

  const districts = new Set(instance.requests.map((r) => r.districtId));
  const categories = new Set(instance.requests.map((r) => r.category));
  const eligible = m.candidates
    .map((c, i) => ({ c, i }))
    .filter(
      ({ c }) =>
        c.skills.some((s) => categories.has(s)) && c.districts.some((d) => districts.has(d.id)),
    )
    .map(({ i }) => i);

  const report = (assignment: Assignment): AssignmentReport => {
    const e = evaluate(m, assignment);
    const tasks = eligible.map((i) => e.tasks.get(i) ?? 0);
    const individuals = eligible
      .filter((i) => m.candidates[i]!.kind === 'individual')
      .map((i) => e.tasks.get(i) ?? 0);
    return {
      objective: e.objective,
      score: e.score,
      placesFilled: e.placesFilled,
      quality: fair.total > 0 ? e.objective / fair.total : 1,
      efficiencyLoss: efficient.total > 0 ? 1 - e.score / efficient.total : 0,
      gini: gini(tasks),
      maxTasks: Math.max(0, ...tasks),
      giniIndividuals: gini(individuals),
      violations: e.violations,
    };
  };
  const strip = ({ assignment: _a, objective: _o, ...rest }: HindsightSolution) => rest;
  const onlineBase = report(onlineAgg.assignment);
  let completion: QualityReport['online']['completion'] = null;
  if (onlineBase.violations === 0) {
    const completed = await solveHindsight(m, 'objective', onlineAgg.assignment);
    const e = evaluate(m, completed.assignment);
    completion = {
      objective: e.objective,
      placesFilled: e.placesFilled,
      quality: fair.total > 0 ? e.objective / fair.total : 1,
    };
  }
  const onlineReport = {
    ...onlineBase,
    matches: online.length,
    outsideInstance: onlineAgg.outside.length,
    completion,
  };
  const greedyReport = report(greedy);
  return {
    convention: CONVENTION,
    instance: {
      requests: instance.requests.length,
      places: m.classes.reduce((s, c) => s + c.places * c.requestIds.length, 0),
      classes: m.classes.length,
      candidates: m.candidates.length,
      eligibleVolunteers: eligible.length,
      pairs: m.pairs.length,
    },
    solver: { objective: strip(fair), score: strip(efficient), evenness: strip(even) },
    online: onlineReport,
    greedy: greedyReport,
    hindsight: report(fair.assignment),
    efficiencyOnly: report(efficient.assignment),
    fairest: report(even.assignment),
    targets: {
      quality: {
        target: 0.97,
        online: onlineReport.quality,
        greedy: greedyReport.quality,
        met: onlineReport.quality >= 0.97 && onlineReport.quality > greedyReport.quality,
      },
      fairness: {
        giniTarget: 0.25,
        lossTarget: 0.02,
        gini: onlineReport.gini,
        loss: onlineReport.efficiencyLoss,
        met: onlineReport.gini <= 0.25 && onlineReport.efficiencyLoss <= 0.02,
      },
    },
    ms: Math.round(performance.now() - began),
  };
}
