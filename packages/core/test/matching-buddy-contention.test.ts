import { describe, expect, it } from 'vitest';
import { assignGreedy } from '../src/matching/assign.ts';
import { assignOptimal, batchObjective } from '../src/matching/assign-optimal.ts';
import { hasBuddy } from '../src/matching/eligibility.ts';
import type { BatchInput, BatchResult } from '../src/matching/types.ts';
import { DISTRICTS, jst, request, TUESDAY, TUESDAY_WEEK, volunteer } from './matching-fixtures.ts';

/*
 * Supported volunteering under contention: more candidates than places, several requests for
 * two in one batch. A first-timer (`needsBuddy`) must never be the only one a batch puts on a
 * request nobody holds yet, and must not be dropped when a pairing with an experienced volunteer
 * exists.
 */

const options = { buddyInBatch: true };
const newcomer = (id: string) => volunteer({ id, needsBuddy: true });
/** Experienced, but two of three tasks already taken this week: scores below a fresh newcomer. */
const veteran = (id: string) => volunteer({ id, tasksByWeek: { [TUESDAY_WEEK]: 2 } });

const ENGINES = [
  ['greedy', assignGreedy],
  ['optimal', assignOptimal],
] as const;

/** The invariant: on a request nobody held before the batch, someone experienced is proposed. */
function expectNoLoneNewcomer(input: BatchInput, result: BatchResult): void {
  const newcomers = new Set(input.candidates.filter((c) => c.needsBuddy).map((c) => c.id));
  for (const r of input.requests) {
    const on = result.proposals.filter((p) => p.requestId === r.id).map((p) => p.volunteerId);
    if (on.length === 0 || hasBuddy(r)) continue;
    expect(
      on.some((id) => !newcomers.has(id)),
      `${r.id}: ${on.join(',')}`,
    ).toBe(true);
  }
}

const on = (result: BatchResult, requestId: string) =>
  result.proposals
    .filter((p) => p.requestId === requestId)
    .map((p) => p.volunteerId)
    .sort();

describe('first-timers under contention', () => {
  for (const [name, engine] of ENGINES) {
    it(`${name}: pairs one of two better-scoring newcomers with the veteran instead of dropping all`, () => {
      const input = {
        requests: [request({ id: 'r-pair', peopleNeeded: 2 })],
        candidates: [newcomer('v-new1'), newcomer('v-new2'), veteran('v-vet')],
        options,
      };
      const result = engine(input);
      expectNoLoneNewcomer(input, result);
      expect(on(result, 'r-pair')).toEqual(['v-new1', 'v-vet']);
      expect(result.heldBack).toEqual([]);
    });

    it(`${name}: a newcomer the batch could not pair stays free for a later request`, () => {
      // r-first (more urgent) has only newcomers; r-second, at the same time, has the veteran.
      const first = request({ id: 'r-first', peopleNeeded: 2, urgency: 'high' });
      const second = request({ id: 'r-second', peopleNeeded: 2, districtId: 'd-taisei' });
      const input = {
        requests: [first, second],
        candidates: [
          volunteer({
            id: 'v-new1',
            needsBuddy: true,
            districts: [DISTRICTS.chuo, DISTRICTS.taisei],
          }),
          newcomer('v-new2'),
          volunteer({ id: 'v-vet', districts: [DISTRICTS.taisei] }),
        ],
        options,
      };
      const result = engine(input);
      expectNoLoneNewcomer(input, result);
      expect(on(result, 'r-first')).toEqual([]);
      expect(on(result, 'r-second')).toEqual(['v-new1', 'v-vet']);
    });

    it(`${name}: never leaves a newcomer alone on a random contended batch`, () => {
      for (let seed = 0; seed < 40; seed++) {
        const input = contended(seed);
        const result = engine(input);
        expectNoLoneNewcomer(input, result);
      }
    });
  }

  it('optimal: pairs the newcomer with the veteran rather than moving the veteran elsewhere', () => {
    // The veteran alone is worth a little more on r-one (it has waited longer), but r-pair with
    // the newcomer beside the veteran fills two places instead of one.
    const pair = request({ id: 'r-pair', peopleNeeded: 2 });
    const one = request({ id: 'r-one', waitingMinutes: 200 });
    const input = {
      requests: [pair, one],
      candidates: [newcomer('v-new'), volunteer({ id: 'v-vet' })],
      options,
    };
    const result = assignOptimal(input);
    expectNoLoneNewcomer(input, result);
    expect(on(result, 'r-pair')).toEqual(['v-new', 'v-vet']);
    expect(on(result, 'r-one')).toEqual([]);
    const greedy = assignGreedy(input);
    expectNoLoneNewcomer(input, greedy);
    expect(batchObjective(input, result.proposals)).toBeGreaterThan(
      batchObjective(input, greedy.proposals),
    );
  });
});

/** Four requests (most for two) at overlapping times, five volunteers of whom some are new. */
function contended(seed: number): BatchInput {
  let x = seed * 2654435761 + 1;
  const rand = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const requests = [0, 1, 2, 3].map((i) => {
    const start = jst(TUESDAY, `0${8 + rand(2)}:00`);
    return request({
      id: `r-${i}`,
      peopleNeeded: 1 + rand(3),
      waitingMinutes: rand(300),
      windowStart: start,
      windowEnd: new Date(start.getTime() + 2 * 3_600_000),
      residentId: `res-${i}`,
    });
  });
  const candidates = [0, 1, 2, 3, 4].map((i) =>
    volunteer({
      id: `v-${i}`,
      needsBuddy: rand(2) === 0,
      maxTasksPerWeek: 1 + rand(2),
      helpedResidentIds: [`res-${rand(4)}`],
    }),
  );
  return { requests, candidates, options };
}
