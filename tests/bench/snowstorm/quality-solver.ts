/** The exact optimum of the hindsight model with HiGHS, for each objective (see quality.ts). */
import * as highsModule from 'highs';
import type { Highs } from 'highs';
import {
  peoplePerUnit,
  placesPerUnit,
  upperOf,
  evaluate,
  type Assignment,
  type HindsightModel,
  type Objective,
} from './quality-model.ts';
/** Worth of a filled place in the `evenness` objective: more than any task's square adds. */
const PLACE_FIRST = 10_000;

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
