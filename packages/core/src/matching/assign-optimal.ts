import {
  BatchLoadTracker,
  CandidateIndex,
  assignGreedy,
  choose,
  compareRequestPriority,
  evaluate,
} from './assign.ts';
import {
  checkEligibilityWith,
  eligibleAfterWaiting,
  fullInWeekOf,
  NO_BATCH_LOAD,
  onlyAfterWaiting,
  placesOpen,
} from './eligibility.ts';
import { DEFAULT_WEIGHTS, scorePair, termPoints, totalOf } from './scoring.ts';
import {
  DEFAULT_MATCHING_OPTIONS,
  type BatchInput,
  type BatchMatcher,
  type BatchResult,
  type CandidateVolunteer,
  type EligibilityFacts,
  type HeldBack,
  type MatchingOptions,
  type MatchRequest,
  type OptimalStats,
  type Proposal,
  type ScoringWeights,
} from './types.ts';

/*
 * Optimal batch matcher.
 *
 * Objective (maximised, in points): every filled place earns the score of whoever fills it
 * (scored against the volunteer's stored weekly load; a group filling a request of p places
 * earns p × its score), minus a convex load penalty: an individual's k-th task of a week in this
 * batch costs `weights.load × (k − 1) / maxTasksPerWeek` — exactly what the score's own load
 * term loses as the week fills up, so the proposal's breakdown ("今週の担当 n/max") and the
 * objective agree. The marginal penalty rises with every task (0, 1·s, 2·s, …), so load spreads
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
 * the eligibility graph are solved separately.
 *
 * Limits: a component is searched when it has at most `EXACT_ARCS` eligible pairs, or at most
 * `EXACT_ARCS_GATED` when every pair passes a cluster gate (its root flow is then nearly always
 * feasible: one solve). A larger one is served by the greedy baseline. A component that
 * exhausts `MAX_NODES`/`MAX_WORK` is repaired (keep the relaxation's arcs that still fit, then
 * fill like greedy) and never left worse than greedy. The result's `stats.unproven` counts both.
 */

/** Internal cost scale: cents × SCALE, leaving room for the group tie-break (1 per place). */
const SCALE = 4096;
/** A forced arc's bonus: larger than any instance's whole objective. */
const FORCE = 2 ** 45;
/**
 * Search budget, in arcs × flow solves per component: small components are solved exactly;
 * a large one gets its root relaxation (plus as many nodes as the budget allows) and a repair.
 */
const MAX_WORK = 400_000;
const MAX_NODES = 200;
/**
 * Components with more eligible pairs than this are left to the greedy baseline: when every
 * pair passes a cluster gate the root flow is almost always feasible (one solve), otherwise
 * overlapping chains of windows make branch and bound expensive.
 */
const EXACT_ARCS = 3000;
const EXACT_ARCS_GATED = 60_000;

interface Pair {
  request: number;
  /** Volunteer-week node. */
  vw: number;
  candidate: CandidateVolunteer;
  facts: EligibilityFacts;
  cents: number;
  group: boolean;
}

interface VolunteerWeek {
  candidate: CandidateVolunteer;
  week: string;
  left: number;
  /** Tasks earlier sub-batches already gave this volunteer in the week. */
  done: number;
  pairs: number[];
}

interface Prepared {
  requests: MatchRequest[];
  places: number[];
  pairs: Pair[];
  pairsOf: number[][];
  vws: VolunteerWeek[];
  /** Penalty of an individual's k-th batch task (k from 1), in cents. */
  penalty: (candidate: CandidateVolunteer, k: number) => number;
  waitBlocked: boolean[];
  /** Each request's time cluster (see `timeClusters`), or -1 when its windows form none. */
  clusterOf: number[];
  clusterSpan: { start: number; end: number }[];
}

/**
 * Windows that overlap, transitively, form a group; a group in which every two windows overlap
 * (they share an instant) is a cluster. One volunteer can take at most one request of a cluster
 * and, between clusters, nothing overlaps: so "no overlapping windows" becomes a capacity of 1
 * per volunteer and cluster, which a flow expresses exactly. Fixed slots (7–9, 9–11, …) are
 * clusters; only chains of partly overlapping windows are not, and keep the branch and bound.
 */
function timeClusters(requests: readonly MatchRequest[]) {
  const order = requests
    .map((r, i) => ({ i, start: r.windowStart.getTime(), end: r.windowEnd.getTime() }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  const clusterOf = new Array<number>(requests.length).fill(-1);
  const clusterSpan: { start: number; end: number }[] = [];
  let k = 0;
  while (k < order.length) {
    let j = k + 1;
    let reach = order[k]!.end;
    while (j < order.length && order[j]!.start < reach) reach = Math.max(reach, order[j++]!.end);
    const members = order.slice(k, j);
    const latestStart = Math.max(...members.map((m) => m.start));
    const earliestEnd = Math.min(...members.map((m) => m.end));
    if (latestStart < earliestEnd || members.length === 1) {
      const start = Math.min(...members.map((m) => m.start));
      for (const m of members) clusterOf[m.i] = clusterSpan.length;
      clusterSpan.push({ start, end: reach });
    }
    k = j;
  }
  return { clusterOf, clusterSpan };
}

const penaltyCents = (w: Readonly<ScoringWeights>, candidate: CandidateVolunteer, k: number) =>
  candidate.kind === 'group'
    ? 0
    : Math.round((100 * w.load * (k - 1)) / Math.max(1, candidate.maxTasksPerWeek));

function prepare(
  requests: MatchRequest[],
  candidates: readonly CandidateVolunteer[],
  opts: MatchingOptions,
  w: Readonly<ScoringWeights>,
  load: BatchLoadTracker | undefined = undefined,
): Prepared {
  const index = new CandidateIndex([...candidates].sort((a, b) => (a.id < b.id ? -1 : 1)));
  const pairs: Pair[] = [];
  const pairsOf: number[][] = [];
  const vws: VolunteerWeek[] = [];
  const vwIndex = new Map<string, number>();
  const waitBlocked: boolean[] = [];
  requests.forEach((request, r) => {
    const mine: number[] = [];
    pairsOf.push(mine);
    waitBlocked.push(false);
    if (placesOpen(request) === 0) return;
    for (const candidate of index.near(request)) {
      if (fullInWeekOf(request, candidate)) continue;
      if (waitBlocked[r] && onlyAfterWaiting(request, candidate, opts)) continue;
      const e = checkEligibilityWith(request, candidate, opts, load ?? NO_BATCH_LOAD, 'first');
      if (!e.eligible) {
        if (eligibleAfterWaiting(e)) waitBlocked[r] = true;
        continue;
      }
      // Scored against the stored load; what earlier sub-batches gave is in the penalty.
      const done = load ? load.extraTasks(candidate.id, e.facts.weekKey) : 0;
      const facts = { ...e.facts, tasksInWeek: e.facts.tasksInWeek - done };
      const key = `${candidate.id}\u0000${e.facts.weekKey}`;
      let vw = vwIndex.get(key);
      if (vw === undefined) {
        vw = vws.length;
        vwIndex.set(key, vw);
        vws.push({
          candidate,
          week: e.facts.weekKey,
          left: candidate.maxTasksPerWeek - e.facts.tasksInWeek,
          done,
          pairs: [],
        });
      }
      const cents = Math.round(totalOf(termPoints(request, candidate, facts, w)) * 100);
      vws[vw]!.pairs.push(pairs.length);
      mine.push(pairs.length);
      pairs.push({
        request: r,
        vw,
        candidate,
        facts,
        cents,
        group: candidate.kind === 'group',
      });
    }
  });
  return {
    requests,
    places: requests.map(placesOpen),
    pairs,
    pairsOf,
    vws,
    penalty: (candidate, k) => penaltyCents(w, candidate, k),
    waitBlocked,
    ...timeClusters(requests),
  };
}

/**
 * The volunteer-week-cluster node a pair's flow passes through, with its capacity: 1 for an
 * individual; for a group, its headcount less the people its stored bookings hold over the
 * whole cluster (a booking over part of it leaves the headcount check to the branch and bound).
 * Undefined: straight to the week.
 */
function clusterGate(p: Prepared, pi: number): { key: string; cap: number } | undefined {
  const pair = p.pairs[pi]!;
  const cluster = p.clusterOf[pair.request]!;
  if (cluster < 0) return undefined;
  const key = `${pair.vw}:${cluster}`;
  if (!pair.group) return { key, cap: 1 };
  const span = p.clusterSpan[cluster]!;
  let taken = 0;
  for (const booking of pair.candidate.busy) {
    const start = booking.start.getTime();
    const end = booking.end.getTime();
    if (end <= span.start || span.end <= start) continue;
    // Partly over the cluster: the people free differ within it, which one capacity cannot say.
    if (span.start < start || end < span.end) return undefined;
    taken += booking.people;
  }
  return { key, cap: Math.max(0, pair.candidate.headcount - taken) };
}

/** A branch-and-bound node: arcs forbidden, and group arcs forced to take the request whole. */
interface Node {
  forbidden: ReadonlySet<number>;
  forced: ReadonlySet<number>;
}

interface Solved {
  node: Node;
  /** Units of flow per pair. */
  flow: Map<number, number>;
  /** Internal value (cents × SCALE + group tie-break − penalties × SCALE), forced bonus removed. */
  value: number;
}

/** Min-cost flow on one component under a node's restrictions; undefined when infeasible. */
function solveFlow(p: Prepared, reqs: number[], vwList: number[], node: Node): Solved | undefined {
  // Node numbering: 0 source, 1 sink, then requests, cluster gates, volunteer-weeks: every arc
  // goes from a lower number to a higher one (but into the sink).
  const nodeOfReq = new Map<number, number>();
  const nodeOfGate = new Map<string, number>();
  const gateOfPair = new Map<number, { key: string; cap: number }>();
  const nodeOfVw = new Map<number, number>();
  let n = 2;
  for (const r of reqs) nodeOfReq.set(r, n++);
  for (const r of reqs) {
    for (const pi of p.pairsOf[r]!) {
      const gate = clusterGate(p, pi);
      if (!gate) continue;
      gateOfPair.set(pi, gate);
      if (!nodeOfGate.has(gate.key)) nodeOfGate.set(gate.key, n++);
    }
  }
  for (const v of vwList) nodeOfVw.set(v, n++);
  const head: number[] = new Array<number>(n).fill(-1);
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const next: number[] = [];
  const addArc = (u: number, v: number, c: number, k: number): number => {
    const id = to.length;
    to.push(v, u);
    cap.push(c, 0);
    cost.push(k, -k);
    next.push(head[u]!, head[v]!);
    head[u] = id;
    head[v] = id + 1;
    return id;
  };
  const pairArc = new Map<number, number>();
  const forcedReq = new Map<number, number>();
  for (const f of node.forced) forcedReq.set(p.pairs[f]!.request, f);
  for (const r of reqs) {
    const rn = nodeOfReq.get(r)!;
    addArc(0, rn, p.places[r]!, 0);
    const only = forcedReq.get(r);
    for (const pi of p.pairsOf[r]!) {
      if (node.forbidden.has(pi) || (only !== undefined && only !== pi)) continue;
      const pair = p.pairs[pi]!;
      const gain = pair.cents * SCALE + (pair.group ? 1 : 0) + (only === pi ? FORCE : 0);
      const gate = gateOfPair.get(pi);
      const into = gate ? nodeOfGate.get(gate.key)! : nodeOfVw.get(pair.vw)!;
      pairArc.set(pi, addArc(rn, into, pair.group ? p.places[r]! : 1, -gain));
    }
  }
  const gatesDone = new Set<string>();
  for (const [pi, gate] of gateOfPair) {
    if (gatesDone.has(gate.key)) continue;
    gatesDone.add(gate.key);
    addArc(nodeOfGate.get(gate.key)!, nodeOfVw.get(p.pairs[pi]!.vw)!, gate.cap, 0);
  }
  for (const v of vwList) {
    const vw = p.vws[v]!;
    const vn = nodeOfVw.get(v)!;
    if (vw.candidate.kind === 'group') {
      let most = 0;
      for (const pi of vw.pairs) most = Math.max(most, p.places[p.pairs[pi]!.request]!);
      addArc(vn, 1, vw.left * most, 0);
    } else {
      for (let k = 1; k <= vw.left; k++) {
        addArc(vn, 1, 1, p.penalty(vw.candidate, vw.done + k) * SCALE);
      }
    }
  }

  // Initial potentials: shortest distances from the requests (potential 0) in this acyclic
  // graph, one pass in node order since every arc but those into the sink goes upwards.
  const pot = new Array<number>(n).fill(0);
  for (let u = 2 + reqs.length; u < n; u++) {
    let best = 0;
    for (let e = head[u]!; e !== -1; e = next[e]!) {
      if ((e & 1) === 1 && to[e]! >= 2) best = Math.min(best, pot[to[e]!]! + cost[e ^ 1]!);
    }
    pot[u] = best;
  }
  let sinkPot = 0;
  for (let e = head[1]!; e !== -1; e = next[e]!) {
    const u = to[e]!;
    sinkPot = Math.min(sinkPot, pot[u]! + cost[e ^ 1]!);
  }
  pot[1] = sinkPot;

  const dist = new Array<number>(n);
  const prevArc = new Int32Array(n);
  let total = 0;
  // Binary heap of [distance, node].
  const heapD: number[] = [];
  const heapN: number[] = [];
  const push = (d: number, u: number) => {
    let i = heapD.length;
    heapD.push(d);
    heapN.push(u);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapD[parent]! < d || (heapD[parent] === d && heapN[parent]! <= u)) break;
      heapD[i] = heapD[parent]!;
      heapN[i] = heapN[parent]!;
      i = parent;
    }
    heapD[i] = d;
    heapN[i] = u;
  };
  const pop = (): number => {
    const top = heapN[0]!;
    const d = heapD.pop()!;
    const u = heapN.pop()!;
    const size = heapD.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (
          c + 1 < size &&
          (heapD[c + 1]! < heapD[c]! || (heapD[c + 1] === heapD[c] && heapN[c + 1]! < heapN[c]!))
        ) {
          c++;
        }
        if (heapD[c]! > d || (heapD[c] === d && heapN[c]! >= u)) break;
        heapD[i] = heapD[c]!;
        heapN[i] = heapN[c]!;
        i = c;
      }
      heapD[i] = d;
      heapN[i] = u;
    }
    return top;
  };

  for (;;) {
    dist.fill(Number.POSITIVE_INFINITY);
    dist[0] = 0;
    push(0, 0);
    while (heapD.length > 0) {
      const d = heapD[0]!;
      const u = pop();
      if (d > dist[u]!) continue;
      // Nodes not settled yet are at least as far as the sink: their potentials move by dSink.
      if (u === 1) break;
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        if (cap[e]! <= 0) continue;
        const v = to[e]!;
        const nd = d + cost[e]! + pot[u]! - pot[v]!;
        if (nd < dist[v]!) {
          dist[v] = nd;
          prevArc[v] = e;
          push(nd, v);
        }
      }
    }
    heapD.length = 0;
    heapN.length = 0;
    if (!Number.isFinite(dist[1]!)) break;
    const pathCost = dist[1]! + pot[1]! - pot[0]!;
    if (pathCost > 0) break;
    const dSink = dist[1]!;
    for (let u = 0; u < n; u++) pot[u]! += Math.min(dist[u]!, dSink);
    let push1 = Number.POSITIVE_INFINITY;
    for (let v = 1; v !== 0; v = to[prevArc[v]! ^ 1]!) push1 = Math.min(push1, cap[prevArc[v]!]!);
    for (let v = 1; v !== 0; v = to[prevArc[v]! ^ 1]!) {
      cap[prevArc[v]!]! -= push1;
      cap[prevArc[v]! ^ 1]! += push1;
    }
    total += push1 * pathCost;
  }

  const flow = new Map<number, number>();
  let value = -total;
  for (const [pi, arc] of pairArc) {
    const f = cap[arc ^ 1]!;
    if (f > 0) flow.set(pi, f);
    if (node.forced.has(pi)) {
      if (f < p.places[p.pairs[pi]!.request]!) return undefined;
      value -= FORCE * f;
    }
  }
  return { node, flow, value };
}

const overlapping = (a: MatchRequest, b: MatchRequest) =>
  a.windowStart.getTime() < b.windowEnd.getTime() &&
  b.windowStart.getTime() < a.windowEnd.getTime();

/**
 * The first side constraint a relaxed solution breaks, as the branches that exclude it: each
 * branch is a set of pairs to forbid or (for a group) to force. Undefined when it is feasible.
 */
function violation(p: Prepared, s: Solved): { forbid?: number; force?: number }[] | undefined {
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
  for (const [r, list] of byRequest) {
    for (const pi of list) {
      if (!p.pairs[pi]!.group || s.node.forced.has(pi)) continue;
      if (list.length > 1 || s.flow.get(pi)! < p.places[r]!) return [{ forbid: pi }, { force: pi }];
    }
  }
  // A group's weekly task count.
  for (const [v, list] of byVw) {
    const vw = p.vws[v]!;
    if (vw.candidate.kind === 'group' && list.length > vw.left) {
      return list.map((pi) => ({ forbid: pi }));
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
          return [{ forbid: a }, { forbid: b }];
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
          people: r.peopleNeeded,
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
        if (people > candidate.headcount) return here.map((t) => ({ forbid: t.pi }));
      }
    }
  }
  return undefined;
}

/** One assignee of a request: a pair index from `Prepared`. */
type Assignment = number[];

function branchAndBound(
  p: Prepared,
  reqs: number[],
  vwList: number[],
  stats: OptimalStats,
): { assignment: Assignment; proven: boolean; root?: Solved } {
  const root = solveFlow(p, reqs, vwList, { forbidden: new Set(), forced: new Set() });
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
      return { assignment: incumbent ? [...incumbent.flow.keys()] : [], proven: false, root };
    }
    for (const branch of branches) {
      const forbidden = new Set(current.node.forbidden);
      const forced = new Set(current.node.forced);
      if (branch.forbid !== undefined) forbidden.add(branch.forbid);
      if (branch.force !== undefined) forced.add(branch.force);
      const child = solveFlow(p, reqs, vwList, { forbidden, forced });
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
  return { assignment: incumbent ? [...incumbent.flow.keys()] : [], proven: true };
}

/** Connected components of requests sharing an eligible volunteer. */
function components(p: Prepared): { reqs: number[]; vws: number[] }[] {
  const parent = p.requests.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const firstOfCandidate = new Map<string, number>();
  for (const pair of p.pairs) {
    const first = firstOfCandidate.get(pair.candidate.id);
    if (first === undefined) firstOfCandidate.set(pair.candidate.id, pair.request);
    else {
      const a = find(first);
      const b = find(pair.request);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const byRoot = new Map<number, { reqs: number[]; vws: number[] }>();
  p.requests.forEach((_, r) => {
    if (p.pairsOf[r]!.length === 0) return;
    const root = find(r);
    const c = byRoot.get(root) ?? byRoot.set(root, { reqs: [], vws: [] }).get(root)!;
    c.reqs.push(r);
  });
  p.vws.forEach((vw, v) => {
    const first = vw.pairs[0];
    if (first !== undefined) byRoot.get(find(p.pairs[first]!.request))!.vws.push(v);
  });
  return [...byRoot.values()];
}

/** Keeps a relaxation's arcs that still fit (most valuable first), then fills like greedy. */
function repair(
  p: Prepared,
  reqs: number[],
  relaxed: Solved | undefined,
  opts: MatchingOptions,
  w: Readonly<ScoringWeights>,
  candidates: readonly CandidateVolunteer[],
): Assignment {
  const load = new BatchLoadTracker();
  const taken: Assignment = [];
  const onRequest = new Map<number, number[]>();
  const book = (pi: number) => {
    const pair = p.pairs[pi]!;
    const r = p.requests[pair.request]!;
    taken.push(pi);
    (onRequest.get(pair.request) ?? onRequest.set(pair.request, []).get(pair.request)!).push(pi);
    load.book(pair.candidate.id, pair.facts.weekKey, {
      start: r.windowStart,
      end: r.windowEnd,
      people: pair.group ? r.peopleNeeded : 1,
    });
  };
  const kept = relaxed
    ? [...relaxed.flow.entries()]
        .filter(([pi, f]) => !p.pairs[pi]!.group || f === p.places[p.pairs[pi]!.request])
        .map(([pi]) => pi)
        .sort((a, b) => p.pairs[b]!.cents - p.pairs[a]!.cents || a - b)
    : [];
  for (const pi of kept) {
    const pair = p.pairs[pi]!;
    const mine = onRequest.get(pair.request) ?? [];
    if (mine.some((x) => p.pairs[x]!.group) || (pair.group && mine.length > 0)) continue;
    const r = p.requests[pair.request]!;
    if (checkEligibilityWith(r, pair.candidate, opts, load, 'first').eligible) book(pi);
  }
  const index = new CandidateIndex([...candidates].sort((a, b) => (a.id < b.id ? -1 : 1)));
  for (const r of [...reqs].sort((a, b) => a - b)) {
    const mine = onRequest.get(r) ?? [];
    if (mine.some((x) => p.pairs[x]!.group)) continue;
    const request = p.requests[r]!;
    const left = p.places[r]! - mine.length;
    if (left <= 0) continue;
    const shadow: MatchRequest = {
      ...request,
      placesOpen: left,
      excludedVolunteerIds: [
        ...request.excludedVolunteerIds,
        ...mine.map((x) => p.pairs[x]!.candidate.id),
      ],
    };
    const evaluated = evaluate(shadow, index.near(request), opts, w, load);
    for (const s of choose(evaluated.eligible, left)) {
      const pi = p.pairsOf[r]!.find((x) => p.pairs[x]!.candidate.id === s.candidate.id);
      if (pi !== undefined) book(pi);
    }
  }
  return taken;
}

/** Objective of an assignment in cents (see the header comment). */
function objectiveCents(p: Prepared, assignment: Assignment): number {
  let total = 0;
  const count = new Map<number, number>();
  for (const pi of assignment) {
    const pair = p.pairs[pi]!;
    total += pair.cents * (pair.group ? p.places[pair.request]! : 1);
    const k = (count.get(pair.vw) ?? 0) + 1;
    count.set(pair.vw, k);
    total -= p.penalty(pair.candidate, k);
  }
  return total;
}

function pairsOfProposals(p: Prepared, proposals: readonly Proposal[]): Assignment {
  const byRequest = new Map(p.requests.map((r, i) => [r.id, i]));
  const out: Assignment = [];
  for (const proposal of proposals) {
    const r = byRequest.get(proposal.requestId);
    if (r === undefined) continue;
    const pi = p.pairsOf[r]!.find((x) => p.pairs[x]!.candidate.id === proposal.volunteerId);
    if (pi !== undefined) out.push(pi);
  }
  return out;
}

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
    const contention = p.pairsOf[r]!.some((pi) => !on.has(p.pairs[pi]!.candidate.id));
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
  const stats: OptimalStats = { components: 0, nodes: 0, unproven: 0 };
  const assignment: Assignment = [];
  let anyUnproven = false;
  const big = new Set<number>();
  for (const component of components(p)) {
    stats.components++;
    let arcs = 0;
    let gated = true;
    for (const r of component.reqs) {
      arcs += p.pairsOf[r]!.length;
      if (gated) gated = p.pairsOf[r]!.every((pi) => clusterGate(p, pi) !== undefined);
    }
    if (arcs > (gated ? EXACT_ARCS_GATED : EXACT_ARCS)) {
      // Too large to search exactly within a batch's time budget: the baseline serves it.
      stats.unproven++;
      for (const r of component.reqs) big.add(r);
      continue;
    }
    const solved = branchAndBound(p, component.reqs, component.vws, stats);
    if (solved.proven) {
      assignment.push(...solved.assignment);
      continue;
    }
    stats.unproven++;
    anyUnproven = true;
    const repaired = repair(p, component.reqs, solved.root, opts, w, candidates);
    const fromSearch = solved.assignment;
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
  return { ...toResult(p, chosen, w), stats };
};

/** The matcher the worker runs. `assignGreedy` stays exported as the baseline. */
export const assignBatch: BatchMatcher = assignOptimal;
