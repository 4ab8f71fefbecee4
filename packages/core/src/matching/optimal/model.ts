/**
 * The optimal matcher's model of one batch: the eligible pairs (request × volunteer-week) with
 * their value in cents, the volunteer-weeks with their remaining tasks, each request's time
 * cluster, and the objective of an assignment. See assign-optimal.ts for the whole method.
 */
import type { BatchLoadTracker } from '../assign.ts';
import { CandidateIndex } from '../assign.ts';
import {
  checkEligibilityWith,
  eligibleAfterWaiting,
  fullInWeekOf,
  hasBuddy,
  NO_BATCH_LOAD,
  onlyAfterWaiting,
  placesOpen,
} from '../eligibility.ts';
import { termPoints, totalOf } from '../scoring.ts';
import type {
  CandidateVolunteer,
  EligibilityFacts,
  MatchingOptions,
  MatchRequest,
  Proposal,
  ScoringWeights,
} from '../types.ts';

export interface Pair {
  request: number;
  /** Volunteer-week node. */
  vw: number;
  candidate: CandidateVolunteer;
  facts: EligibilityFacts;
  cents: number;
  group: boolean;
}

export interface VolunteerWeek {
  candidate: CandidateVolunteer;
  week: string;
  left: number;
  /** Tasks earlier sub-batches already gave this volunteer in the week. */
  done: number;
  pairs: number[];
}

export interface Prepared {
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
  /**
   * Merged models only (see merge.ts): the request stands for `places` interchangeable
   * one-place requests, so each unit of flow is one of them taken whole.
   */
  unit?: boolean[];
}

/** Places a group fills when it takes one request (one of a merged class: one). */
export const placesTaken = (p: Prepared, r: number) => (p.unit?.[r] ? 1 : p.places[r]!);

/**
 * Windows that overlap, transitively, form a group; a group in which every two windows overlap
 * (they share an instant) is a cluster. One volunteer can take at most one request of a cluster
 * and, between clusters, nothing overlaps: so "no overlapping windows" becomes a capacity of 1
 * per volunteer and cluster, which a flow expresses exactly. Fixed slots (7–9, 9–11, …) are
 * clusters; only chains of partly overlapping windows are not, and keep the branch and bound.
 */
export function timeClusters(requests: readonly MatchRequest[]) {
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

export function prepare(
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
export function clusterGate(p: Prepared, pi: number): { key: string; cap: number } | undefined {
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

/**
 * One assignee of a request: a pair index from `Prepared` (in a merged model, repeated once per
 * request of the class it takes).
 */
export type Assignment = number[];

/** A flow's assignment: a pair once, or once per unit on a merged class. */
export function assignmentOf(p: Prepared, flow: ReadonlyMap<number, number>): Assignment {
  const out: Assignment = [];
  for (const [pi, f] of flow) {
    const times = p.unit?.[p.pairs[pi]!.request] ? f : 1;
    for (let k = 0; k < times; k++) out.push(pi);
  }
  return out;
}

/** Objective of an assignment in cents (see the header comment). */
export function objectiveCents(p: Prepared, assignment: Assignment): number {
  let total = 0;
  const count = new Map<number, number>();
  for (const pi of assignment) {
    const pair = p.pairs[pi]!;
    total += pair.cents * (pair.group ? placesTaken(p, pair.request) : 1);
    const k = (count.get(pair.vw) ?? 0) + 1;
    count.set(pair.vw, k);
    total -= p.penalty(pair.candidate, k);
  }
  return total;
}

/**
 * The assignment without first-timers left alone on a request nobody held (what `applyBuddyRule`
 * would drop), so that candidates are compared as they would end up. Exact search never leaves
 * one; a repaired or greedy assignment might.
 */
export function withoutLoneNewcomers(p: Prepared, assignment: Assignment): Assignment {
  const accompanied = new Set<number>();
  for (const pi of assignment) {
    const pair = p.pairs[pi]!;
    if (
      pair.candidate.needsBuddy !== true ||
      hasBuddy(p.requests[pair.request]!, p.places[pair.request]!)
    ) {
      accompanied.add(pair.request);
    }
  }
  return assignment.filter((pi) => accompanied.has(p.pairs[pi]!.request));
}

export function pairsOfProposals(p: Prepared, proposals: readonly Proposal[]): Assignment {
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
