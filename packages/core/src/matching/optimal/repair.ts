/** Splitting a batch into independent components, and repairing a search cut short. */
import { BatchLoadTracker, CandidateIndex, choose, evaluate } from '../assign.ts';
import { checkEligibilityWith, hasBuddy } from '../eligibility.ts';
import type {
  CandidateVolunteer,
  MatchingOptions,
  MatchRequest,
  ScoringWeights,
} from '../types.ts';
import type { Solved } from './flow.ts';
import type { Assignment, Prepared } from './model.ts';

/** Connected components of requests sharing an eligible volunteer. */
export function components(p: Prepared): { reqs: number[]; vws: number[] }[] {
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
export function repair(
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
    const alone =
      !hasBuddy(request, p.places[r]!) && mine.every((x) => p.pairs[x]!.candidate.needsBuddy);
    for (const s of choose(evaluated.eligible, left, alone)) {
      const pi = p.pairsOf[r]!.find((x) => p.pairs[x]!.candidate.id === s.candidate.id);
      if (pi !== undefined) book(pi);
    }
  }
  return taken;
}
