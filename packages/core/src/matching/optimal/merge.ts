/**
 * Merging interchangeable one-place requests into one flow node (a class) whose places are their
 * count, and splitting a class's flow back to concrete requests. A snowy morning's batch holds
 * thousands of one-person jobs that differ only by id and address: merged, its flow has one arc
 * per class and volunteer-week instead of one per request, and fits the exact search.
 *
 * Two requests are interchangeable when everything the model reads of them is equal: the window
 * (so the time cluster and every overlap), and for every volunteer-week the eligibility and the
 * value in cents (every scoring term: distance, continuity, waiting, urgency, category, …). Any
 * solution of the merged model then splits into one of the same objective, and back: all of a
 * class share one window, so an individual takes at most one request of it (its arc carries 1),
 * and a group takes each unit as one request whole. Only plain requests merge: one place of one
 * person needed, no first-timer among the candidates, and every group among them gated by a
 * cluster (its headcount a capacity) and offered no request of more places in the batch (so its
 * weekly tasks are a capacity too): what branch and bound checks of them then always holds.
 */
import { assignmentOf, clusterGate, type Assignment, type Pair, type Prepared } from './model.ts';
import { isNewcomer } from './flow.ts';

export interface Merged {
  /** The model over classes; `unit` marks classes of more than one request. */
  q: Prepared;
  /** Each class's requests of the concrete model, in its (priority) order. */
  members: number[][];
  /** The concrete model. */
  p: Prepared;
}

function mergeable(p: Prepared, r: number, mixed: ReadonlySet<number>): boolean {
  if (p.places[r] !== 1 || p.requests[r]!.peopleNeeded !== 1) return false;
  const mine = p.pairsOf[r]!;
  if (mine.length === 0) return false;
  return mine.every((pi) => {
    if (isNewcomer(p, pi)) return false;
    const pair = p.pairs[pi]!;
    return !pair.group || (!mixed.has(pair.vw) && clusterGate(p, pi) !== undefined);
  });
}

/** What the model reads of a request, as a key: equal keys are interchangeable requests. */
function signature(p: Prepared, r: number): string {
  const request = p.requests[r]!;
  const arcs = p.pairsOf[r]!.map((pi) => [p.pairs[pi]!.vw, p.pairs[pi]!.cents] as const).sort(
    (a, b) => a[0] - b[0],
  );
  return [
    request.windowStart.getTime(),
    request.windowEnd.getTime(),
    p.clusterOf[r],
    arcs.map(([vw, cents]) => `${vw}:${cents}`).join(','),
  ].join('|');
}

export function mergeRequests(p: Prepared): Merged {
  // Groups offered a request of several places: their weekly tasks are no flow capacity.
  const mixed = new Set<number>();
  for (const pair of p.pairs) if (pair.group && p.places[pair.request]! > 1) mixed.add(pair.vw);
  const classOf = new Map<string, number>();
  const members: number[][] = [];
  p.requests.forEach((_, r) => {
    const key = mergeable(p, r, mixed) ? signature(p, r) : `single:${r}`;
    const c = classOf.get(key);
    if (c === undefined) {
      classOf.set(key, members.length);
      members.push([r]);
    } else members[c]!.push(r);
  });
  const pairs: Pair[] = [];
  const pairsOf: number[][] = [];
  const vws = p.vws.map((vw) => ({ ...vw, pairs: [] as number[] }));
  members.forEach((list, c) => {
    const first = list[0]!;
    const mine: number[] = [];
    for (const pi of p.pairsOf[first]!) {
      const pair = p.pairs[pi]!;
      vws[pair.vw]!.pairs.push(pairs.length);
      mine.push(pairs.length);
      pairs.push({ ...pair, request: c });
    }
    pairsOf.push(mine);
  });
  const q: Prepared = {
    requests: members.map((list) => p.requests[list[0]!]!),
    places: members.map((list) => (list.length > 1 ? list.length : p.places[list[0]!]!)),
    pairs,
    pairsOf,
    vws,
    penalty: p.penalty,
    waitBlocked: members.map((list) => p.waitBlocked[list[0]!]!),
    clusterOf: members.map((list) => p.clusterOf[list[0]!]!),
    clusterSpan: p.clusterSpan,
    unit: members.map((list) => list.length > 1),
  };
  return { q, members, p };
}

/**
 * A merged model's assignment (a class's pair repeated once per request it takes) as the
 * concrete model's: the class's assignees, best first (then by volunteer id), go to its requests
 * in priority order.
 */
export function splitAssignment(m: Merged, assignment: Assignment): Assignment {
  const byClass = new Map<number, number[]>();
  for (const qi of assignment) {
    const c = m.q.pairs[qi]!.request;
    (byClass.get(c) ?? byClass.set(c, []).get(c)!).push(qi);
  }
  const concrete = (r: number, vw: number) =>
    m.p.pairsOf[r]!.find((pi) => m.p.pairs[pi]!.vw === vw)!;
  const out: Assignment = [];
  for (const [c, list] of byClass) {
    const members = m.members[c]!;
    if (members.length === 1) {
      out.push(...list.map((qi) => concrete(members[0]!, m.q.pairs[qi]!.vw)));
      continue;
    }
    const id = (qi: number) => m.q.pairs[qi]!.candidate.id;
    list.sort(
      (a, b) =>
        m.q.pairs[b]!.cents - m.q.pairs[a]!.cents ||
        (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0) ||
        a - b,
    );
    list.forEach((qi, k) => out.push(concrete(members[k]!, m.q.pairs[qi]!.vw)));
  }
  return out;
}

/** A merged model's flow per pair as the concrete model's (one unit per merged request). */
export function splitFlow(m: Merged, flow: ReadonlyMap<number, number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [qi, f] of flow) {
    if (m.q.unit?.[m.q.pairs[qi]!.request]) continue;
    out.set(splitAssignment(m, [qi])[0]!, f);
  }
  const units = [...flow].filter(([qi]) => m.q.unit?.[m.q.pairs[qi]!.request]);
  for (const pi of splitAssignment(m, assignmentOf(m.q, new Map(units)))) out.set(pi, 1);
  return out;
}

/** Concrete requests of some classes. */
export const membersOf = (m: Merged, classes: readonly number[]) =>
  classes.flatMap((c) => m.members[c]!).sort((a, b) => a - b);
