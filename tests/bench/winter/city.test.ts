import { describe, expect, it } from 'vitest';
import { buildModel, evaluate, firstComeGreedy, solveHindsight } from '../snowstorm/quality.ts';
import {
  adjacentInPlan,
  EARLY_BY,
  HOUSEHOLD_MORNINGS,
  planCity,
  scarcity,
  type WinterPlan,
} from './city.ts';
import { cityInstance } from './city-instance.ts';
import { FULL_PLAN, QUICK_PLAN } from './plans.ts';

/*
 * The winter bench's city must be hard, or "≥ 0.99 of the hindsight optimum" says nothing (the
 * first city was so easy that a first-come greedy reached the optimum). These check, without a
 * database, the properties city.ts promises, for both plans, and that on the quick city a
 * first-come greedy really falls short of the HiGHS optimum.
 */
const SEED = 20261203;
const plans: [string, WinterPlan][] = [
  ['quick', QUICK_PLAN],
  ['full', FULL_PLAN],
];

describe.each(plans)('the %s winter city', (_name, plan) => {
  const city = planCity(plan, SEED);
  const districts = scarcity(plan, city);

  it('is the same city for the same seed', () => {
    expect(planCity(plan, SEED)).toEqual(city);
    expect(planCity(plan, SEED + 1)).not.toEqual(city);
  });

  it('has more households than the helpers can clear, in every district', () => {
    expect(districts).toHaveLength(plan.districts.length);
    for (const d of districts) {
      expect(d.households).toBeGreaterThan(d.helpers);
      expect(d.ratio).toBeGreaterThan(1);
      // The late morning is where helpers are scarcest.
      expect(d.lateRatio).toBeGreaterThan(1.2);
    }
  });

  it('has tight deadlines: about half must be clear by 07:00 or 08:00', () => {
    const early = city.households.filter((h) => h.span[1] <= EARLY_BY).length;
    expect(early / city.households.length).toBeGreaterThan(0.45);
    expect(HOUSEHOLD_MORNINGS.reduce((s, m) => s + m.share, 0)).toBeCloseTo(1);
    // …and the helpers who can only come early can clear most of them, if nobody else is spent.
    for (const d of districts) expect(d.earlyRatio).toBeLessThan(1.05);
  });

  it('has helpers with limited mornings and weekly caps', () => {
    const individuals = city.helpers.filter((h) => h.profile !== 'group');
    for (const h of individuals) expect(h.span[1] - h.span[0]).toBeLessThanOrEqual(6 * 60);
    const retirees = individuals.filter((h) => h.profile === 'retiree');
    expect(retirees.length / individuals.length).toBeGreaterThan(0.2);
    // The trap: free early and late, once a week, and the best-equipped.
    for (const h of retirees) {
      expect(h.maxTasksPerWeek).toBe(1);
      expect(h.span[0]).toBeLessThan(EARLY_BY - 30);
      expect(h.span[1]).toBeGreaterThan(EARLY_BY + 30);
      expect(h.equipment).toContain('除雪機');
    }
    const commuters = individuals.filter((h) => h.profile === 'commuter');
    expect(commuters.filter((h) => h.equipment.length === 0).length).toBeGreaterThan(
      commuters.length / 2,
    );
    const groups = city.helpers.filter((h) => h.profile === 'group');
    expect(groups).toHaveLength(plan.groups);
    for (const g of groups) {
      expect(g.headcount).toBeGreaterThanOrEqual(4);
      expect(g.maxTasksPerWeek).toBe(g.headcount);
      expect(g.span[1]).toBeLessThanOrEqual(EARLY_BY);
    }
  });

  it('has helpers serving two adjacent districts, where the snowfall has adjacent ones', () => {
    const adjacent = adjacentInPlan(plan);
    const two = city.helpers.filter((h) => h.serves.length === 2);
    for (const h of two) expect(adjacent[h.home]).toContain(h.serves[1]);
    if (adjacent.some((near) => near.length > 0)) expect(two.length).toBeGreaterThan(0);
  });

  it('pairs each helper once, with a household of its district whose morning it is free in', () => {
    const households = new Set(city.pairings.map((p) => p.household));
    expect(households.size).toBe(Math.round(plan.registrations * plan.pairedShare));
    const helpers = city.pairings.map((p) => p.helper);
    expect(new Set(helpers).size).toBe(helpers.length);
    for (const p of city.pairings) {
      const helper = city.helpers[p.helper]!;
      const household = city.households[p.household]!;
      expect(helper.profile).not.toBe('group');
      expect(helper.home).toBe(household.district);
      const overlap =
        Math.min(helper.span[1], household.span[1]) - Math.max(helper.span[0], household.span[0]);
      expect(overlap).toBeGreaterThanOrEqual(30);
    }
  });
});

describe('the quick winter city against the hindsight optimum', () => {
  it('leaves a first-come greedy measurably short of the optimum', async () => {
    const city = planCity(QUICK_PLAN, SEED);
    const instance = cityInstance(QUICK_PLAN, city);
    const m = buildModel(instance);
    const optimum = await solveHindsight(m, 'objective');
    const best = evaluate(m, optimum.assignment);
    const greedy = evaluate(m, firstComeGreedy(m, instance.requests));
    expect(best.violations).toBe(0);
    expect(greedy.violations).toBe(0);
    // Scarce: the optimum cannot clear every household.
    expect(best.placesFilled).toBeLessThan(QUICK_PLAN.registrations);
    expect(greedy.objective / optimum.total).toBeLessThan(0.99);
    expect(greedy.placesFilled).toBeLessThan(best.placesFilled);
  }, 60_000);
});
