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
import type { Database } from '@sasaeai/db/client';
import { gini } from './stats.ts';
import {
  aggregate,
  buildModel,
  evaluate,
  type Assignment,
  type Objective,
} from './quality-model.ts';
import { solveHindsight, type HindsightSolution } from './quality-solver.ts';
import { firstComeGreedy } from './quality-greedy.ts';
import { recordInstance } from './quality-record.ts';

export * from './quality-model.ts';
export * from './quality-solver.ts';
export * from './quality-greedy.ts';
export * from './quality-record.ts';

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
