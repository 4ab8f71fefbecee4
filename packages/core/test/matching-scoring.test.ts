import { scoreTerms } from '@sasaeai/contracts';
import { ScoreBreakdown } from '@sasaeai/contracts';
import { describe, expect, it } from 'vitest';
import { checkEligibility } from '../src/matching/eligibility.ts';
import { DEFAULT_WEIGHTS, reliabilityRate, scorePair } from '../src/matching/scoring.ts';
import type { CandidateVolunteer, MatchRequest, ScoringWeights } from '../src/matching/types.ts';
import { DISTRICTS, request, TUESDAY_WEEK, volunteer } from './matching-fixtures.ts';

function score(r: MatchRequest, v: CandidateVolunteer, weights?: Partial<ScoringWeights>) {
  const eligibility = checkEligibility(r, v);
  if (!eligibility.eligible) throw new Error(`not eligible: ${eligibility.reasons.join(', ')}`);
  return scorePair(r, v, eligibility.facts, weights);
}

const term = (breakdown: ScoreBreakdown, name: string) =>
  breakdown.terms.find((t) => t.term === name)!;

describe('scorePair', () => {
  it('explains itself with every term, in Japanese, summing to the total', () => {
    const r = request({ waitingMinutes: 45, residentId: 'res-9' });
    const v = volunteer({
      equipment: ['除雪機'],
      tasksByWeek: { [TUESDAY_WEEK]: 1 },
      helpedResidentIds: ['res-9'],
      reliability: { completed: 4, declined: 1, expired: 0, noShow: 0 },
    });
    const breakdown = score(r, v);
    expect(ScoreBreakdown.parse(breakdown)).toEqual(breakdown);
    expect(breakdown.terms.map((t) => t.term)).toEqual([...scoreTerms]);
    expect(breakdown.terms.map((t) => t.detail)).toEqual([
      '同じ地区',
      '除雪・除雪機あり',
      '活動できる時間 2時間',
      '今週の担当 1/3',
      '前回も担当',
      '待ち時間 45分・通常',
      '完了 4回・辞退 1回・期限切れ 0回・不参加 0回',
    ]);
    const sum = breakdown.terms.reduce((s, t) => s + t.points, 0);
    expect(breakdown.total).toBeCloseTo(sum, 6);
    expect(breakdown.distanceKm).toBe(0);
    expect(term(breakdown, 'distance').points).toBe(DEFAULT_WEIGHTS.distance);
    expect(term(breakdown, 'continuity').points).toBe(DEFAULT_WEIGHTS.continuity);
  });

  it('prefers the same district over a neighbour, and a near neighbour over a far one', () => {
    const r = request({ waitingMinutes: 120 });
    const same = score(r, volunteer());
    const near = score(r, volunteer({ districts: [DISTRICTS.taisei], helpsNeighbours: true }));
    const far = score(r, volunteer({ districts: [DISTRICTS.toyooka], helpsNeighbours: true }));
    expect(same.total).toBeGreaterThan(near.total);
    expect(near.total).toBeGreaterThan(far.total);
    expect(term(near, 'distance').detail).toMatch(/^隣の地区 \d+\.\d km$/);
    expect(near.distanceKm).toBeGreaterThan(0);
    expect(far.distanceKm).toBeGreaterThan(near.distanceKm!);
  });

  it('keeps a same-district volunteer ahead of an idle neighbour unless nearly full', () => {
    const r = request({ waitingMinutes: 120 });
    const neighbour = score(r, volunteer({ districts: [DISTRICTS.taisei], helpsNeighbours: true }));
    const sameOneOfThree = score(r, volunteer({ tasksByWeek: { [TUESDAY_WEEK]: 1 } }));
    expect(sameOneOfThree.total).toBeGreaterThan(neighbour.total);
  });

  it('gives the volunteer who helped this resident before a continuity bonus', () => {
    const r = request({ residentId: 'res-1' });
    const before = score(r, volunteer({ helpedResidentIds: ['res-1'] }));
    const other = score(r, volunteer({ helpedResidentIds: ['res-2'] }));
    expect(before.total - other.total).toBeCloseTo(DEFAULT_WEIGHTS.continuity, 6);
    expect(term(other, 'continuity')).toMatchObject({ points: 0, detail: '初めての方' });
  });

  it('spreads the load: fewer tasks this week score higher', () => {
    const r = request();
    const totals = [0, 1, 2].map(
      (tasks) => score(r, volunteer({ tasksByWeek: { [TUESDAY_WEEK]: tasks } })).total,
    );
    expect(totals[0]).toBeGreaterThan(totals[1]!);
    expect(totals[1]).toBeGreaterThan(totals[2]!);
    // Relative to each volunteer's own limit: 1 of 5 beats 1 of 2.
    const roomy = score(r, volunteer({ maxTasksPerWeek: 5, tasksByWeek: { [TUESDAY_WEEK]: 1 } }));
    const tight = score(r, volunteer({ maxTasksPerWeek: 2, tasksByWeek: { [TUESDAY_WEEK]: 1 } }));
    expect(roomy.total).toBeGreaterThan(tight.total);
  });

  it('rewards fitting equipment and kept commitments', () => {
    const r = request();
    expect(score(r, volunteer({ equipment: ['スノーダンプ'] })).total).toBeGreaterThan(
      score(r, volunteer({ equipment: ['草刈り機'] })).total,
    );
    const steady = { completed: 10, declined: 0, expired: 0, noShow: 0 };
    const flaky = { completed: 2, declined: 3, expired: 1, noShow: 1 };
    expect(score(r, volunteer({ reliability: steady })).total).toBeGreaterThan(
      score(r, volunteer()).total,
    );
    expect(score(r, volunteer()).total).toBeGreaterThan(
      score(r, volunteer({ reliability: flaky })).total,
    );
    expect(reliabilityRate({ completed: 0, declined: 0, expired: 0, noShow: 0 })).toBeCloseTo(0.8);
  });

  it('rates waiting and urgency, the same for every candidate of a request', () => {
    const fresh = score(request({ waitingMinutes: 0, urgency: 'low' }), volunteer());
    const waited = score(request({ waitingMinutes: 240, urgency: 'high' }), volunteer());
    expect(term(fresh, 'waiting').points).toBe(0);
    expect(term(waited, 'waiting')).toEqual({
      term: 'waiting',
      points: DEFAULT_WEIGHTS.waiting + DEFAULT_WEIGHTS.urgency.high,
      detail: '待ち時間 4時間・急ぎ',
    });
  });

  it('takes custom weights', () => {
    const r = request({ residentId: 'res-1' });
    const v = volunteer({ helpedResidentIds: ['res-1'] });
    const noContinuity = score(r, v, { continuity: 0 });
    expect(term(noContinuity, 'continuity').points).toBe(0);
    expect(score(r, v).total - noContinuity.total).toBeCloseTo(DEFAULT_WEIGHTS.continuity, 6);
  });
});
