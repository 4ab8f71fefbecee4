/** The naive first-come baseline on the hindsight model (see quality.ts). */
import {
  placesPerUnit,
  peoplePerUnit,
  type Assignment,
  type HindsightModel,
  type RecordedRequest,
} from './quality-model.ts';
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
