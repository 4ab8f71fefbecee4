import { describe, expect, it } from 'vitest';
import { assignBatch } from '../src/matching/assign-optimal.ts';
import { rankCandidates } from '../src/matching/assign.ts';
import { weekKeyOf } from '../src/matching/time.ts';
import type { CandidateVolunteer, MatchRequest } from '../src/matching/types.ts';
import { DISTRICTS, jst, NEIGHBOURS, request, volunteer } from './matching-fixtures.ts';
import { mulberry32 } from '../src/seeded-random.ts';

/** A snowy district batch: requests in 中央 over three days, volunteers from it and its neighbours. */
export function snowstorm(requests: number, volunteers: number, seed = 42) {
  const rnd = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const day0 = jst('2026-01-20', '00:00').getTime();
  const reqs: MatchRequest[] = Array.from({ length: requests }, (_, i) => {
    const start = day0 + (int(0, 2) * 24 + int(7, 16)) * 3_600_000;
    return request({
      id: `r-${String(i).padStart(5, '0')}`,
      category: rnd() < 0.8 ? 'snow' : 'rubbish',
      windowStart: new Date(start),
      windowEnd: new Date(start + int(1, 3) * 3_600_000),
      peopleNeeded: rnd() < 0.6 ? 1 : int(2, 3),
      urgency: rnd() < 0.3 ? 'high' : 'normal',
      waitingMinutes: int(0, 180),
      residentId: `res-${int(0, requests)}`,
    });
  });
  const near = [DISTRICTS.chuo, DISTRICTS.taisei, DISTRICTS.toyooka];
  const cands: CandidateVolunteer[] = Array.from({ length: volunteers }, (_, i) => {
    const group = rnd() < 0.1;
    return volunteer({
      id: `v-${String(i).padStart(5, '0')}`,
      kind: group ? 'group' : 'individual',
      headcount: group ? int(3, 10) : 1,
      skills: rnd() < 0.85 ? ['snow', 'rubbish'] : ['rubbish'],
      equipment: rnd() < 0.3 ? ['スノーダンプ'] : [],
      districts: [near[int(0, 2)]!],
      helpsNeighbours: rnd() < 0.4,
      availability: [0, 1, 2, 3, 4, 5, 6]
        .filter(() => rnd() < 0.7)
        .map((weekday) => ({ weekday, startMinute: int(6, 10) * 60, endMinute: int(14, 20) * 60 })),
      maxTasksPerWeek: group ? int(4, 10) : int(1, 3),
      tasksByWeek: { [weekKeyOf(new Date(day0))]: int(0, 1) },
      helpedResidentIds: [`res-${int(0, requests)}`],
      reliability: { completed: int(0, 10), declined: int(0, 2), expired: int(0, 1), noShow: 0 },
    });
  });
  return { requests: reqs, candidates: cands };
}

describe('matching a district batch at scale', () => {
  // Timing is the benchmark's job (`pnpm bench`); this checks what a batch at scale must hold.
  it('matches 500 requests × 300 volunteers within capacity, once per request, the same way every time', () => {
    expect(NEIGHBOURS['d-chuo']).toContain('d-taisei');
    const instance = snowstorm(500, 300);
    const result = assignBatch(instance);

    const places = new Map(instance.requests.map((r) => [r.id, r.peopleNeeded]));
    const capacity = new Map(instance.candidates.map((c) => [c.id, c.maxTasksPerWeek]));
    const perVolunteer = new Map<string, number>();
    const perRequest = new Map<string, Set<string>>();
    for (const p of result.proposals) {
      perVolunteer.set(p.volunteerId, (perVolunteer.get(p.volunteerId) ?? 0) + 1);
      const helpers = perRequest.get(p.requestId) ?? new Set<string>();
      expect(helpers.has(p.volunteerId), `${p.volunteerId} twice on ${p.requestId}`).toBe(false);
      perRequest.set(p.requestId, helpers.add(p.volunteerId));
    }
    // A weekly limit counts tasks: one proposal each, and never more than the limit allows.
    for (const [id, n] of perVolunteer) expect(n).toBeLessThanOrEqual(capacity.get(id)!);
    for (const [id, helpers] of perRequest) {
      expect(helpers.size).toBeLessThanOrEqual(places.get(id)!);
    }
    expect(result.proposals.length).toBeGreaterThan(0);
    expect(result.stats?.components).toBeGreaterThan(0);
    expect(assignBatch(instance)).toEqual(result);
    console.info(
      `assignBatch 500×300: ${result.proposals.length} proposals; held back ` +
        `${result.heldBack.length} (${JSON.stringify(countBy(result.heldBack.map((h) => h.reason)))}); ` +
        `${perVolunteer.size} volunteers used`,
    );
  });

  it('ranks 300 candidates for the coordinator, best first', () => {
    const instance = snowstorm(1, 300);
    const ranked = rankCandidates(instance.requests[0]!, instance.candidates);
    expect(ranked.length).toBeGreaterThan(0);
    for (let i = 1; i < ranked.length; i++) {
      expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
    }
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
