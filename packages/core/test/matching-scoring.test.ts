import { scoreTerms } from '@sasaeai/contracts';
import { ScoreBreakdown, ScoreTermEntry, type FactBreakdown } from '@sasaeai/contracts';
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

const term = (breakdown: FactBreakdown, name: string) =>
  breakdown.terms.find((t) => t.term === name)!;

describe('scorePair', () => {
  it('explains itself with every term, as facts, summing to the total', () => {
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
    expect(breakdown.terms.map((t) => t.facts)).toEqual([
      { sameDistrict: true, km: 0 },
      { category: 'snow', fittingEquipment: ['除雪機'] },
      { overlapMinutes: 120, neededMinutes: 120 },
      { tasksThisWeek: 1, maxTasksPerWeek: 3 },
      { helpedBefore: true },
      { waitingMinutes: 45, urgency: 'normal' },
      { completed: 4, declined: 1, expired: 0, noShow: 0 },
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
    expect(term(near, 'distance').facts).toEqual({ sameDistrict: false, km: near.distanceKm });
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
    expect(term(other, 'continuity')).toMatchObject({ points: 0, facts: { helpedBefore: false } });
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
      facts: { waitingMinutes: 240, urgency: 'high' },
    });
  });

  it('takes custom weights', () => {
    const r = request({ residentId: 'res-1' });
    const v = volunteer({ helpedResidentIds: ['res-1'] });
    const noContinuity = score(r, v, { continuity: 0 });
    expect(term(noContinuity, 'continuity').points).toBe(0);
    expect(score(r, v).total - noContinuity.total).toBeCloseTo(DEFAULT_WEIGHTS.continuity, 6);
  });

  it('stores facts only: numbers, booleans and codes, no sentence in any language', () => {
    const r = request({ waitingMinutes: 75, urgency: 'high', residentId: 'res-3' });
    const v = volunteer({
      districts: [DISTRICTS.taisei],
      helpsNeighbours: true,
      preferQuiet: true,
      reliability: { completed: 2, declined: 0, expired: 1, noShow: 1 },
    });
    const breakdown = score(r, v);
    expect(breakdown.terms.map((t) => t.term)).toEqual([...scoreTerms, 'quiet']);
    for (const entry of breakdown.terms) {
      expect(ScoreTermEntry.parse(entry)).toEqual(entry);
      expect(entry).not.toHaveProperty('detail');
    }
    // Only the volunteer's own equipment items are text (here none), so no Japanese at all.
    const json = JSON.stringify(breakdown);
    expect(json).not.toMatch(/[\u3000-\u30ff\u4e00-\u9fff]/u);
    const leaves = breakdown.terms.flatMap((t) => Object.values(t.facts));
    for (const leaf of leaves) {
      if (typeof leaf === 'string') expect(leaf).toMatch(/^[a-z_]+$/);
      else if (Array.isArray(leaf)) expect(leaf).toEqual([]);
      else expect(['number', 'boolean']).toContain(typeof leaf);
    }
    expect(term(breakdown, 'quiet').facts).toEqual({ category: 'snow', fit: 'fits' });
  });
});
