import { assignGreedy, compareRequestPriority } from './assign.ts';
import { applyBuddyRule } from './buddies.ts';
import { hasBuddy } from './eligibility.ts';
import { isNewcomer } from './optimal/flow.ts';
import { DEFAULT_WEIGHTS, scorePair } from './scoring.ts';
import {
  DEFAULT_MATCHING_OPTIONS,
  type BatchInput,
  type BatchMatcher,
  type BatchResult,
  type HeldBack,
  type OptimalStats,
  type Proposal,
  type ScoringWeights,
} from './types.ts';
import { branchAndBound } from './optimal/branch-and-bound.ts';
import { membersOf, mergeRequests, splitAssignment, splitFlow } from './optimal/merge.ts';
import {
  clusterGate,
  objectiveCents,
  pairsOfProposals,
  prepare,
  withoutLoneNewcomers,
  type Assignment,
  type Prepared,
} from './optimal/model.ts';
import { components, repair } from './optimal/repair.ts';

/*
 * Optimal batch matcher.
 *
 * Objective (maximised, in points): every filled place earns the score of whoever fills it
 * (scored against the volunteer's stored weekly load; a group filling a request of p places
 * earns p × its score), minus a convex load penalty: an individual's k-th task of a week in this
 * batch costs `weights.load × (k − 1) / maxTasksPerWeek` — exactly what the score's own load
 * term loses as the week fills up, so the proposal's breakdown (its load facts, tasks this week
 * of the maximum) and the objective agree. The marginal penalty rises with every task (0, 1·s, 2·s, …), so load spreads
 * unless keeping it on one volunteer is worth more in quality. Groups, who share tasks among
 * their members, carry no such penalty beyond their stored load term. Ties go to groups (one
 * team is one booking to coordinate), then to the input-independent order of ids.
 *
 * Algorithm: min-cost flow (successive shortest paths, Dijkstra with potentials) over
 * source → request (places open) → [volunteer-week × time cluster] → volunteer-week (individual:
 * 1 per request; group: up to the request's places) → capacity slots (one arc per remaining
 * weekly task, cost = marginal penalty) → sink. A time cluster is a set of windows that all
 * overlap one another and nothing else (a snowy morning's 7–9 slot): through its gate a
 * volunteer takes at most one of them (a group, at most its headcount of people), which is
 * exactly "no overlapping windows". What a flow cannot express — chains of partly overlapping
 * windows, a group taking a request whole and alone, a group's weekly task count, a group whose
 * stored bookings cover only part of a cluster — is enforced by best-first branch and bound on top of the
 * flow (each violation splits the node into children that forbid one arc, or force a group to
 * take the request whole), so the result is the exact optimum of the model above. Components of
 * the eligibility graph are solved separately. Interchangeable one-place requests (same window,
 * same value for every volunteer-week: optimal/merge.ts) are one request node with their count
 * as places, and the flow splits back to them, best assignee to the request served first.
 *
 * Limits: a component is searched when it has at most `EXACT_ARCS` eligible pairs (merged
 * requests' arcs counted once), or at most
 * `EXACT_ARCS_GATED` when every pair passes a cluster gate (its root flow is then nearly always
 * feasible: one solve). A larger one is served by the greedy baseline. A component that
 * exhausts `MAX_NODES`/`MAX_WORK` is repaired (keep the relaxation's arcs that still fit, then
 * fill like greedy) and never left worse than greedy. The result's `stats.unproven` counts both.
 */

/**
 * Components with more eligible pairs than this are left to the greedy baseline: when every
 * pair passes a cluster gate the root flow is almost always feasible (one solve), otherwise
 * overlapping chains of windows make branch and bound expensive.
 */
const EXACT_ARCS = 3000;
const EXACT_ARCS_GATED = 60_000;

/**
 * The optimal matcher's objective for any batch's proposals, in points: the score of every
 * filled place against the stored load, minus the convex load penalty. Use it to compare
 * matchers (greedy, optimal, an exact LP) on the same instance.
 */
export function batchObjective(input: BatchInput, proposals: readonly Proposal[]): number {
  const opts = { ...DEFAULT_MATCHING_OPTIONS, ...input.options };
  const w = { ...DEFAULT_WEIGHTS, ...input.weights };
  const p = prepare([...input.requests].sort(compareRequestPriority), input.candidates, opts, w);
  return objectiveCents(p, pairsOfProposals(p, proposals)) / 100;
}

function toResult(p: Prepared, assignment: Assignment, w: Readonly<ScoringWeights>): BatchResult {
  const byRequest = new Map<number, number[]>();
  for (const pi of assignment) {
    const r = p.pairs[pi]!.request;
    (byRequest.get(r) ?? byRequest.set(r, []).get(r)!).push(pi);
  }
  const proposals: Proposal[] = [];
  const heldBack: HeldBack[] = [];
  const ordinal = new Map<number, number>();
  p.requests.forEach((request, r) => {
    const places = p.places[r]!;
    if (places === 0) return;
    const mine = (byRequest.get(r) ?? []).sort(
      (a, b) =>
        p.pairs[b]!.cents - p.pairs[a]!.cents ||
        (p.pairs[a]!.candidate.id < p.pairs[b]!.candidate.id ? -1 : 1),
    );
    for (const pi of mine) {
      const pair = p.pairs[pi]!;
      const k = (ordinal.get(pair.vw) ?? 0) + 1;
      ordinal.set(pair.vw, k);
      // The breakdown shows the week's load as this proposal finds it (the k-th this batch).
      const facts = { ...pair.facts, tasksInWeek: pair.facts.tasksInWeek + k - 1 };
      const breakdown = scorePair(request, pair.candidate, facts, w);
      proposals.push({
        requestId: request.id,
        volunteerId: pair.candidate.id,
        score: breakdown.total,
        breakdown,
      });
    }
    const covered = mine.some((pi) => p.pairs[pi]!.group) ? places : mine.length;
    if (covered >= places) return;
    const on = new Set(mine.map((pi) => p.pairs[pi]!.candidate.id));
    // First-timers with nobody experienced who could join them are no one the batch took away.
    const company = hasBuddy(request, places) || p.pairsOf[r]!.some((pi) => !isNewcomer(p, pi));
    const contention = p.pairsOf[r]!.some(
      (pi) => !on.has(p.pairs[pi]!.candidate.id) && (company || !isNewcomer(p, pi)),
    );
    heldBack.push({
      requestId: request.id,
      reason: contention ? 'contention' : p.waitBlocked[r] ? 'neighbour_wait' : 'no_candidates',
      placesOpen: places - covered,
    });
  });
  return { proposals, heldBack };
}

/**
 * The optimal batch matcher (see the header comment for the model and the algorithm). Same
 * contract as `assignGreedy`; deterministic, whatever the order of its input.
 */
export const assignOptimal: BatchMatcher = (input: BatchInput): BatchResult => {
  const opts = { ...DEFAULT_MATCHING_OPTIONS, ...input.options };
  const w = { ...DEFAULT_WEIGHTS, ...input.weights };
  const requests = [...input.requests].sort(compareRequestPriority);
  const { candidates } = input;
  const p = prepare(requests, candidates, opts, w);
  // The search runs on the model with interchangeable one-place requests merged (merge.ts).
  const merged = mergeRequests(p);
  const { q } = merged;
  const stats: OptimalStats = { components: 0, nodes: 0, unproven: 0 };
  const assignment: Assignment = [];
  let anyUnproven = false;
  const big = new Set<number>();
  for (const component of components(q)) {
    stats.components++;
    let arcs = 0;
    let gated = true;
    for (const c of component.reqs) {
      arcs += q.pairsOf[c]!.length;
      if (gated) gated = q.pairsOf[c]!.every((pi) => clusterGate(q, pi) !== undefined);
    }
    const reqs = membersOf(merged, component.reqs);
    if (arcs > (gated ? EXACT_ARCS_GATED : EXACT_ARCS)) {
      // Too large to search exactly within a batch's time budget: the baseline serves it.
      stats.unproven++;
      for (const r of reqs) big.add(r);
      continue;
    }
    const solved = branchAndBound(q, component.reqs, component.vws, stats);
    if (solved.proven) {
      assignment.push(...splitAssignment(merged, solved.assignment));
      continue;
    }
    stats.unproven++;
    anyUnproven = true;
    const root = solved.root && { ...solved.root, flow: splitFlow(merged, solved.root.flow) };
    const repaired = withoutLoneNewcomers(p, repair(p, reqs, root, opts, w, candidates));
    const fromSearch = splitAssignment(merged, solved.assignment);
    assignment.push(
      ...(objectiveCents(p, fromSearch) > objectiveCents(p, repaired) ? fromSearch : repaired),
    );
  }
  let chosen = assignment;
  if (anyUnproven || big.size > 0) {
    // Components share no volunteer, so the baseline's choices for the large ones combine with
    // the exact ones; and the whole is never worse than the baseline.
    const greedy = pairsOfProposals(p, assignGreedy(input).proposals);
    chosen = [...chosen, ...greedy.filter((pi) => big.has(p.pairs[pi]!.request))];
    if (objectiveCents(p, greedy) > objectiveCents(p, chosen)) chosen = greedy;
  }
  return applyBuddyRule({ ...toResult(p, chosen, w), stats }, requests, candidates, opts);
};

/** The matcher the worker runs. `assignGreedy` stays exported as the baseline. */
export const assignBatch: BatchMatcher = assignOptimal;
