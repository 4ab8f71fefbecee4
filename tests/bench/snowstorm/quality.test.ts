import {
  assignGreedy,
  assignOptimal,
  batchObjective,
  checkEligibility,
  NO_BATCH_LOAD,
  termPoints,
  totalOf,
  DEFAULT_WEIGHTS,
  type BatchLoad,
  type BusyInterval,
  type CandidateVolunteer,
  type Proposal,
} from '@sasaeai/core';
import { describe, expect, it } from 'vitest';
import {
  buildModel,
  disaggregate,
  evaluate,
  firstComeGreedy,
  solveHindsight,
  type QualityInstance,
  type RecordedRequest,
} from './quality.ts';
import { intBetween, mulberry32 } from './random.ts';

/*
 * The hindsight solver against brute force on small in-memory instances. The brute force shares
 * nothing with the LP model: it enumerates every way to fill each request (a subset of eligible
 * individuals, or one group taking it whole, or nobody) and decides feasibility with the core's
 * own eligibility check against the load of what it has chosen so far.
 */

const D1 = { id: 'd1', lat: 43.77, lon: 142.36 };
const D2 = { id: 'd2', lat: 43.79, lon: 142.41 };
const neighbours: Record<string, string[]> = { d1: ['d2'], d2: ['d1'] };

/** 2030-01-14 is a Monday; times are Japan time (UTC+9). */
const at = (day: number, hour: number) => new Date(Date.UTC(2030, 0, 14 + day, hour - 9, 0, 0));

type Shape = 'slots' | 'overlapping' | 'unit';

function instanceOf(seed: number, shape: Shape, requestCount = 5): QualityInstance {
  const rng = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng() * items.length)]!;
  const windows =
    shape === 'overlapping'
      ? [
          [0, 7, 9],
          [0, 8, 10],
          [0, 9, 11],
          [7, 8, 10],
        ]
      : [
          [0, 7, 9],
          [0, 9, 11],
          [1, 7, 9],
          [7, 7, 9],
        ];
  const residents = ['r1', 'r2', 'r3', 'v2'];
  const candidates: CandidateVolunteer[] = [];
  for (let v = 0; v < 5; v++) {
    const group = v === 4;
    const busy: BusyInterval[] =
      rng() < 0.2 ? [{ start: at(1, 9), end: at(1, 11), people: group ? 2 : 1 }] : [];
    candidates.push({
      id: `v${v}`,
      kind: group ? 'group' : 'individual',
      // Overlapping windows: a group never runs short of people (see quality.ts on groups).
      headcount: group ? (shape === 'overlapping' ? 20 : intBetween(rng, 2, 3)) : 1,
      skills: rng() < 0.9 ? ['snow'] : ['shopping'],
      equipment: rng() < 0.5 ? ['除雪機'] : [],
      districts: rng() < 0.6 ? [D1] : rng() < 0.5 ? [D2] : [D1, D2],
      helpsNeighbours: rng() < 0.5,
      availability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
        weekday,
        startMinute: intBetween(rng, 6, 8) * 60,
        endMinute: intBetween(rng, 10, 13) * 60,
      })),
      maxTasksPerWeek: group ? intBetween(rng, 2, 3) : intBetween(rng, 1, 3),
      tasksByWeek: rng() < 0.3 ? { '2030-01-14': 1 } : {},
      verification: 'active',
      insuranceExpiresOn: '2099-03-31',
      busy,
      helpedResidentIds: rng() < 0.4 ? [pick(residents)] : [],
      reliability: {
        completed: intBetween(rng, 0, 5),
        declined: intBetween(rng, 0, 1),
        expired: 0,
        noShow: intBetween(rng, 0, 1),
      },
    });
  }
  const requests: RecordedRequest[] = [];
  for (let r = 0; r < requestCount; r++) {
    const [day, from, to] = pick(windows) as [number, number, number];
    const district = rng() < 0.7 ? D1 : D2;
    requests.push({
      id: `q${r}`,
      districtId: district.id,
      neighbourDistrictIds: neighbours[district.id]!,
      location: { lat: district.lat, lon: district.lon },
      category: 'snow',
      windowStart: at(day, from),
      windowEnd: at(day, to),
      peopleNeeded: shape === 'unit' ? 1 : rng() < 0.3 ? 2 : 1,
      urgency: pick(['low', 'normal', 'high'] as const),
      waitingMinutes: rng() < 0.3 ? 90 : intBetween(rng, 0, 30),
      residentId: pick(residents),
      excludedVolunteerIds: rng() < 0.15 ? [pick(['v0', 'v1', 'v2', 'v3', 'v4'])] : [],
      createdAt: new Date(at(-1, 6).getTime() + r * 60_000),
    });
  }
  return { requests, candidates };
}

/** A batch load that can be undone (the core tracker only grows). */
class StackLoad implements BatchLoad {
  readonly booked: { volunteerId: string; week: string; interval: BusyInterval }[] = [];
  extraTasks(volunteerId: string, weekKey: string): number {
    return this.booked.filter((b) => b.volunteerId === volunteerId && b.week === weekKey).length;
  }
  extraBusy(volunteerId: string): readonly BusyInterval[] {
    return this.booked.filter((b) => b.volunteerId === volunteerId).map((b) => b.interval);
  }
}

interface Chosen {
  requestId: string;
  volunteerId: string;
}

function subsets<T>(items: readonly T[], most: number): T[][] {
  const out: T[][] = [[]];
  for (const item of items) {
    for (const s of [...out]) if (s.length < most) out.push([...s, item]);
  }
  return out;
}

/** Every feasible assignment, by the core's eligibility checks; the best of each total. */
function bruteForce(instance: QualityInstance) {
  const w = DEFAULT_WEIGHTS;
  const byId = new Map(instance.candidates.map((c) => [c.id, c]));
  const cents = new Map<string, number>();
  for (const request of instance.requests) {
    for (const candidate of instance.candidates) {
      const e = checkEligibility(request, candidate, {}, NO_BATCH_LOAD, 'first');
      if (e.eligible) {
        const points = termPoints(request, candidate, e.facts, w);
        cents.set(`${request.id}|${candidate.id}`, Math.round(totalOf(points) * 100));
      }
    }
  }
  const totals = (chosen: readonly Chosen[]) => {
    let score = 0;
    const perWeek = new Map<string, number>();
    for (const c of chosen) {
      const request = instance.requests.find((r) => r.id === c.requestId)!;
      const candidate = byId.get(c.volunteerId)!;
      const places = candidate.kind === 'group' ? request.peopleNeeded : 1;
      score += cents.get(`${c.requestId}|${c.volunteerId}`)! * places;
      if (candidate.kind === 'individual') {
        const e = checkEligibility(request, candidate, {}, NO_BATCH_LOAD, 'first');
        const key = `${candidate.id}|${e.eligible ? e.facts.weekKey : ''}`;
        perWeek.set(key, (perWeek.get(key) ?? 0) + 1);
      }
    }
    let penalty = 0;
    for (const [key, n] of perWeek) {
      const candidate = byId.get(key.split('|')[0]!)!;
      for (let k = 1; k <= n; k++) {
        penalty += Math.round((100 * w.load * (k - 1)) / candidate.maxTasksPerWeek);
      }
    }
    return { score, objective: score - penalty };
  };

  const load = new StackLoad();
  const chosen: Chosen[] = [];
  let bestScore = 0;
  let bestObjective = 0;
  let bestObjectiveChosen: Chosen[] = [];
  // The most places, then the least Σ tasks² (what the `evenness` objective finds).
  let mostPlaces = 0;
  let leastSquares = 0;
  const visit = (r: number) => {
    if (r === instance.requests.length) {
      const perVolunteer = new Map<string, number>();
      let places = 0;
      for (const c of chosen) {
        perVolunteer.set(c.volunteerId, (perVolunteer.get(c.volunteerId) ?? 0) + 1);
        const request = instance.requests.find((q) => q.id === c.requestId)!;
        places += byId.get(c.volunteerId)!.kind === 'group' ? request.peopleNeeded : 1;
      }
      let squares = 0;
      for (const n of perVolunteer.values()) squares += n * n;
      if (places > mostPlaces || (places === mostPlaces && squares < leastSquares)) {
        mostPlaces = places;
        leastSquares = squares;
      }
      const t = totals(chosen);
      bestScore = Math.max(bestScore, t.score);
      if (t.objective > bestObjective) {
        bestObjective = t.objective;
        bestObjectiveChosen = [...chosen];
      }
      return;
    }
    const request = instance.requests[r]!;
    const fits = instance.candidates.flatMap((candidate) => {
      const e = checkEligibility(request, candidate, {}, load, 'first');
      return e.eligible ? [{ candidate, week: e.facts.weekKey }] : [];
    });
    const options = [
      ...subsets(
        fits.filter((f) => f.candidate.kind === 'individual'),
        request.placesOpen ?? request.peopleNeeded,
      ),
      ...fits.filter((f) => f.candidate.kind === 'group').map((f) => [f]),
    ];
    for (const option of options) {
      for (const { candidate, week } of option) {
        chosen.push({ requestId: request.id, volunteerId: candidate.id });
        load.booked.push({
          volunteerId: candidate.id,
          week,
          interval: {
            start: request.windowStart,
            end: request.windowEnd,
            people: candidate.kind === 'group' ? request.peopleNeeded : 1,
          },
        });
      }
      visit(r + 1);
      chosen.length -= option.length;
      load.booked.length -= option.length;
    }
  };
  visit(0);
  return {
    score: bestScore / 100,
    objective: bestObjective / 100,
    chosen: bestObjectiveChosen,
    mostPlaces,
    leastSquares,
  };
}

const asProposals = (pairs: readonly Chosen[]): Proposal[] =>
  pairs.map((p) => ({
    ...p,
    score: 0,
    breakdown: { total: 0, terms: [], distanceKm: 0 },
  }));

const cases: [Shape, number][] = [
  ...Array.from({ length: 12 }, (_, i) => ['slots', 100 + i] as [Shape, number]),
  ...Array.from({ length: 8 }, (_, i) => ['unit', 200 + i] as [Shape, number]),
  ...Array.from({ length: 8 }, (_, i) => ['overlapping', 300 + i] as [Shape, number]),
];

describe('hindsight optimum (HiGHS)', () => {
  it.each(cases)(
    '%s instance %i: equals brute force; greedy and assignOptimal ≤ it',
    async (shape, seed) => {
      const instance = instanceOf(seed, shape);
      const model = buildModel(instance);
      const best = bruteForce(instance);
      const objective = await solveHindsight(model, 'objective');
      const score = await solveHindsight(model, 'score');

      expect(objective.total).toBeCloseTo(best.objective, 6);
      expect(score.total).toBeCloseTo(best.score, 6);
      const even = await solveHindsight(model, 'evenness');
      const evenTasks = [...evaluate(model, even.assignment).tasks.values()];
      expect(evaluate(model, even.assignment).placesFilled).toBe(best.mostPlaces);
      expect(evenTasks.reduce((sum, n) => sum + n * n, 0)).toBe(best.leastSquares);
      // One helper per request on disjoint slots: the LP is totally unimodular.
      if (shape === 'unit') {
        expect(objective.lpIntegral).toBe(true);
        expect(score.lpIntegral).toBe(true);
      }

      // The solution splits back into requests, and the core scores it the same way.
      const input = { requests: instance.requests, candidates: instance.candidates };
      const proposals = asProposals(disaggregate(model, objective.assignment));
      expect(batchObjective(input, proposals)).toBeCloseTo(objective.total, 6);
      expect(batchObjective(input, asProposals(best.chosen))).toBeCloseTo(best.objective, 6);

      const greedyAssignment = firstComeGreedy(model, instance.requests);
      const greedy = evaluate(model, greedyAssignment);
      expect(greedy.violations).toBe(0);
      // Completing the greedy assignment keeps all of it and lands between it and the optimum.
      const completed = await solveHindsight(model, 'objective', greedyAssignment);
      for (const [pi, units] of greedyAssignment) {
        expect(completed.assignment.get(pi) ?? 0).toBeGreaterThanOrEqual(units);
      }
      expect(completed.total).toBeGreaterThanOrEqual(greedy.objective - 1e-9);
      expect(completed.total).toBeLessThanOrEqual(objective.total + 1e-9);
      expect(greedy.objective).toBeLessThanOrEqual(objective.total + 1e-9);
      expect(greedy.score).toBeLessThanOrEqual(score.total + 1e-9);

      const optimalResult = assignOptimal(input);
      const optimal = batchObjective(input, optimalResult.proposals);
      expect(optimal).toBeLessThanOrEqual(objective.total + 1e-9);
      if (optimalResult.stats?.unproven === 0) expect(optimal).toBeCloseTo(objective.total, 6);
      expect(batchObjective(input, assignGreedy(input).proposals)).toBeLessThanOrEqual(
        objective.total + 1e-9,
      );
    },
  );

  it('first-come greedy gives a shared volunteer to the first request; the optimum does not', async () => {
    const base = instanceOf(1, 'unit', 0);
    const volunteer = (id: string, districts: (typeof D1)[]): CandidateVolunteer => ({
      ...base.candidates[0]!,
      id,
      kind: 'individual',
      headcount: 1,
      skills: ['snow'],
      equipment: ['除雪機'],
      districts,
      helpsNeighbours: false,
      availability: [1, 2].map((weekday) => ({ weekday, startMinute: 360, endMinute: 720 })),
      maxTasksPerWeek: 3,
      tasksByWeek: {},
      busy: [],
      helpedResidentIds: [],
      reliability: { completed: 0, declined: 0, expired: 0, noShow: 0 },
    });
    const request = (id: string, district: typeof D1, minute: number): RecordedRequest => ({
      id,
      districtId: district.id,
      neighbourDistrictIds: neighbours[district.id]!,
      location: { lat: district.lat, lon: district.lon },
      category: 'snow',
      windowStart: at(0, 7),
      windowEnd: at(0, 9),
      peopleNeeded: 1,
      urgency: 'normal',
      waitingMinutes: 0,
      residentId: `r-${id}`,
      excludedVolunteerIds: [],
      createdAt: new Date(at(-1, 6).getTime() + minute * 60_000),
    });
    // `a` serves both districts and has a snow blower; `b` serves d1 only, with a shovel.
    const instance: QualityInstance = {
      requests: [request('first', D1, 0), request('second', D2, 1)],
      candidates: [volunteer('a', [D1, D2]), { ...volunteer('b', [D1]), equipment: [] }],
    };
    const model = buildModel(instance);
    const optimum = await solveHindsight(model, 'objective');
    const greedy = evaluate(model, firstComeGreedy(model, instance.requests));
    expect(optimum.assignment.size).toBe(2);
    expect(greedy.placesFilled).toBe(1);
    expect(greedy.objective).toBeLessThan(optimum.total);
    expect(optimum.total).toBeCloseTo(bruteForce(instance).objective, 6);
  });

  it('an instance with no eligible pair has optimum 0', async () => {
    const model = buildModel({ requests: instanceOf(3, 'unit').requests, candidates: [] });
    expect((await solveHindsight(model, 'objective')).total).toBe(0);
    expect(evaluate(model, firstComeGreedy(model, [])).placesFilled).toBe(0);
  });

  it('evaluate counts a double booking as a violation', () => {
    const instance = instanceOf(5, 'unit', 0);
    const candidate = instance.candidates[0]!;
    const twin = (id: string): RecordedRequest => ({
      id,
      districtId: candidate.districts[0]!.id,
      neighbourDistrictIds: [],
      location: candidate.districts[0]!,
      category: 'snow',
      windowStart: at(0, 8),
      windowEnd: at(0, 10),
      peopleNeeded: 1,
      urgency: 'normal',
      waitingMinutes: 0,
      residentId: `r-${id}`,
      excludedVolunteerIds: [],
      createdAt: at(-1, 6),
    });
    const model = buildModel({
      requests: [twin('x'), { ...twin('y'), windowStart: at(0, 9), windowEnd: at(0, 11) }],
      candidates: [
        {
          ...candidate,
          verification: 'active',
          skills: ['snow'],
          availability: [1].map((weekday) => ({ weekday, startMinute: 360, endMinute: 780 })),
          maxTasksPerWeek: 3,
          tasksByWeek: {},
          busy: [],
        },
      ],
    });
    expect(model.pairs).toHaveLength(2);
    const both = new Map(model.pairs.map((_, pi) => [pi, 1]));
    expect(evaluate(model, both).violations).toBeGreaterThan(0);
  });
});
