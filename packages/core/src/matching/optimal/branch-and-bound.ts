/**
 * Best-first branch and bound over the flow relaxation: each side constraint the flow cannot
 * express (overlapping chains, a group taking a request whole, a group's weekly tasks and
 * headcount) splits a node into children that forbid one arc or force a group to take a
 * request whole, until the best node is feasible or the search budget runs out.
 */
import { hasBuddy } from '../eligibility.ts';
import type { MatchRequest, OptimalStats } from '../types.ts';
import { isNewcomer, solveFlow, type Solved } from './flow.ts';
import { assignmentOf, type Assignment, type Prepared } from './model.ts';

/**
 * Search budget, in arcs × flow solves per component: small components are solved exactly;
 * a large one gets its root relaxation (plus as many nodes as the budget allows) and a repair.
 */
const MAX_WORK = 400_000;
const MAX_NODES = 200;

const overlapping = (a: MatchRequest, b: MatchRequest) =>
  a.windowStart.getTime() < b.windowEnd.getTime() &&
  b.windowStart.getTime() < a.windowEnd.getTime();

/** Requests a volunteer's pairs take (a merged class's pair, one per unit). */
const tasksOf = (p: Prepared, s: Solved, list: readonly number[]) =>
  list.reduce((sum, pi) => sum + (p.unit?.[p.pairs[pi]!.request] ? s.flow.get(pi)! : 1), 0);

/** One child of a node: pairs to forbid, a group to force, or a request to accompany. */
interface Branch {
  forbid?: number[];
  force?: number;
  accompany?: number;
}

/**
 * The first side constraint a relaxed solution breaks, as the branches that exclude it.
 * Undefined when it is feasible.
 */
function violation(p: Prepared, s: Solved): Branch[] | undefined {
  const byRequest = new Map<number, number[]>();
  const byCandidate = new Map<string, number[]>();
  const byVw = new Map<number, number[]>();
  for (const pi of [...s.flow.keys()].sort((a, b) => a - b)) {
    const pair = p.pairs[pi]!;
    (byRequest.get(pair.request) ?? byRequest.set(pair.request, []).get(pair.request)!).push(pi);
    const id = pair.candidate.id;
    (byCandidate.get(id) ?? byCandidate.set(id, []).get(id)!).push(pi);
    (byVw.get(pair.vw) ?? byVw.set(pair.vw, []).get(pair.vw)!).push(pi);
  }
  // A group takes a request whole and alone.
  // (A merged class's units are each one request taken whole.)
  for (const [r, list] of byRequest) {
    if (p.unit?.[r]) continue;
    for (const pi of list) {
      if (!p.pairs[pi]!.group || s.node.forced.has(pi)) continue;
      if (list.length > 1 || s.flow.get(pi)! < p.places[r]!) {
        return [{ forbid: [pi] }, { force: pi }];
      }
    }
  }
  // A group's weekly task count.
  for (const [v, list] of byVw) {
    const vw = p.vws[v]!;
    if (vw.candidate.kind === 'group' && tasksOf(p, s, list) > vw.left) {
      return list.map((pi) => ({ forbid: [pi] }));
    }
  }
  for (const list of byCandidate.values()) {
    const candidate = p.pairs[list[0]!]!.candidate;
    if (candidate.kind === 'individual') {
      // No two overlapping windows (sorted by start, some overlap implies a neighbouring one).
      const sorted = [...list].sort(
        (a, b) =>
          p.requests[p.pairs[a]!.request]!.windowStart.getTime() -
            p.requests[p.pairs[b]!.request]!.windowStart.getTime() || a - b,
      );
      for (let i = 0; i + 1 < sorted.length; i++) {
        const a = sorted[i]!;
        const b = sorted[i + 1]!;
        if (overlapping(p.requests[p.pairs[a]!.request]!, p.requests[p.pairs[b]!.request]!)) {
          return [{ forbid: [a] }, { forbid: [b] }];
        }
      }
    } else {
      // Side by side, a group's tasks (with its stored bookings) stay within its headcount.
      const tasks = list.map((pi) => {
        const r = p.requests[p.pairs[pi]!.request]!;
        return {
          pi,
          start: r.windowStart.getTime(),
          end: r.windowEnd.getTime(),
          people: p.unit?.[p.pairs[pi]!.request] ? s.flow.get(pi)! : r.peopleNeeded,
        };
      });
      const busy = candidate.busy.map((b) => ({
        start: b.start.getTime(),
        end: b.end.getTime(),
        people: b.people,
      }));
      for (const at of [...tasks, ...busy].map((t) => t.start)) {
        const here = tasks.filter((t) => t.start <= at && at < t.end);
        if (here.length === 0) continue;
        const people =
          here.reduce((sum, t) => sum + t.people, 0) +
          busy.filter((b) => b.start <= at && at < b.end).reduce((sum, b) => sum + b.people, 0);
        if (people > candidate.headcount) return here.map((t) => ({ forbid: [t.pi] }));
      }
    }
  }
  // First-timers alone on a request nobody held: either none of them, or someone experienced.
  for (const [r, list] of byRequest) {
    if (s.node.accompanied.has(r) || hasBuddy(p.requests[r]!, p.places[r]!)) continue;
    if (list.every((pi) => isNewcomer(p, pi))) {
      return [{ forbid: p.pairsOf[r]!.filter((pi) => isNewcomer(p, pi)) }, { accompany: r }];
    }
  }
  return undefined;
}

export function branchAndBound(
  p: Prepared,
  reqs: number[],
  vwList: number[],
  stats: OptimalStats,
): { assignment: Assignment; proven: boolean; root?: Solved } {
  const root = solveFlow(p, reqs, vwList, {
    forbidden: new Set(),
    forced: new Set(),
    accompanied: new Set(),
  });
  stats.nodes++;
  if (!root) return { assignment: [], proven: true };
  const open: Solved[] = [root];
  let incumbent: Solved | undefined;
  let solves = 1;
  let arcs = 0;
  for (const r of reqs) arcs += p.pairsOf[r]!.length;
  while (open.length > 0) {
    // Best bound first; among equals the oldest (deterministic).
    let best = 0;
    for (let i = 1; i < open.length; i++) if (open[i]!.value > open[best]!.value) best = i;
    const current = open.splice(best, 1)[0]!;
    if (incumbent && current.value <= incumbent.value) break;
    const branches = violation(p, current);
    if (!branches) {
      incumbent = current;
      break;
    }
    if (solves >= MAX_NODES || solves * arcs >= MAX_WORK) {
      return { assignment: incumbent ? assignmentOf(p, incumbent.flow) : [], proven: false, root };
    }
    for (const branch of branches) {
      const forbidden = new Set([...current.node.forbidden, ...(branch.forbid ?? [])]);
      const forced = new Set(current.node.forced);
      const accompanied = new Set(current.node.accompanied);
      if (branch.force !== undefined) forced.add(branch.force);
      if (branch.accompany !== undefined) accompanied.add(branch.accompany);
      const child = solveFlow(p, reqs, vwList, { forbidden, forced, accompanied });
      solves++;
      stats.nodes++;
      if (!child) continue;
      if (incumbent && child.value <= incumbent.value) continue;
      if (!violation(p, child)) {
        incumbent = child;
        continue;
      }
      open.push(child);
    }
  }
  return { assignment: incumbent ? assignmentOf(p, incumbent.flow) : [], proven: true };
}
