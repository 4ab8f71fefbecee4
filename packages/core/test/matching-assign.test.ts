import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignBatch } from '../src/matching/assign-optimal.ts';
import {
  assignGreedy,
  compareRequestPriority,
  confirmProposals,
  explainCandidates,
  rankCandidates,
} from '../src/matching/assign.ts';
import { checkEligibility, placesOpen } from '../src/matching/eligibility.ts';
import { weekKeyOf } from '../src/matching/time.ts';
import type { BatchResult, CandidateVolunteer, MatchRequest } from '../src/matching/types.ts';
import { DISTRICTS, jst, request, TUESDAY, TUESDAY_WEEK, volunteer } from './matching-fixtures.ts';

const proposed = (result: BatchResult) =>
  result.proposals.map((p) => `${p.requestId}→${p.volunteerId}`);

describe('assignBatch', () => {
  it('proposes the best candidate and stores why', () => {
    const result = assignBatch({
      requests: [request({ id: 'r-1', residentId: 'res-1' })],
      candidates: [
        volunteer({ id: 'v-a', tasksByWeek: { [TUESDAY_WEEK]: 2 } }),
        volunteer({ id: 'v-b', helpedResidentIds: ['res-1'] }),
        volunteer({ id: 'v-c', skills: ['visit'] }),
      ],
    });
    expect(proposed(result)).toEqual(['r-1→v-b']);
    expect(result.proposals[0]?.breakdown.terms.map((t) => t.term)).toContain('continuity');
    expect(result.proposals[0]?.score).toBe(result.proposals[0]?.breakdown.total);
    expect(result.heldBack).toEqual([]);
  });

  it('matches an early snow morning (06:00) to a volunteer free 06:00–08:00 only', () => {
    const early = [{ weekday: 2, startMinute: 6 * 60, endMinute: 8 * 60 }];
    const result = assignBatch({
      requests: [
        request({
          id: 'r-early',
          windowStart: jst(TUESDAY, '06:00'),
          windowEnd: jst(TUESDAY, '08:00'),
        }),
      ],
      candidates: [
        volunteer({ id: 'v-early', availability: early }),
        // The old grid's first part began at 08:00: such a volunteer cannot take it.
        volunteer({
          id: 'v-day',
          availability: [{ weekday: 2, startMinute: 8 * 60, endMinute: 17 * 60 }],
        }),
      ],
    });
    expect(proposed(result)).toEqual(['r-early→v-early']);
  });

  it('serves the more urgent request first, then the one that waited longer', () => {
    const requests = [
      request({ id: 'r-low', urgency: 'low', waitingMinutes: 500 }),
      request({ id: 'r-high', urgency: 'high', waitingMinutes: 1 }),
      request({ id: 'r-normal-old', urgency: 'normal', waitingMinutes: 90 }),
      request({ id: 'r-normal-new', urgency: 'normal', waitingMinutes: 10 }),
    ];
    expect([...requests].sort(compareRequestPriority).map((r) => r.id)).toEqual([
      'r-high',
      'r-normal-old',
      'r-normal-new',
      'r-low',
    ]);
    // One volunteer, all windows overlap: only the most urgent request gets them.
    const result = assignBatch({ requests, candidates: [volunteer({ id: 'v-only' })] });
    expect(proposed(result)).toEqual(['r-high→v-only']);
    expect(result.heldBack.map((h) => [h.requestId, h.reason])).toEqual([
      ['r-normal-old', 'contention'],
      ['r-normal-new', 'contention'],
      ['r-low', 'contention'],
    ]);
  });

  it('shrinks a volunteer’s weekly capacity as the batch proposes them', () => {
    const requests = [9, 11, 13, 15].map((hour, i) =>
      request({
        id: `r-${i}`,
        windowStart: jst(TUESDAY, `${String(hour).padStart(2, '0')}:00`),
        windowEnd: jst(TUESDAY, `${String(hour + 1).padStart(2, '0')}:00`),
      }),
    );
    const result = assignBatch({
      requests,
      candidates: [
        volunteer({ id: 'v-1', maxTasksPerWeek: 3, tasksByWeek: { [TUESDAY_WEEK]: 1 } }),
      ],
    });
    expect(result.proposals).toHaveLength(2);
  });

  it('spreads the batch over several volunteers rather than loading one', () => {
    const requests = [9, 11, 13].map((hour, i) =>
      request({
        id: `r-${i}`,
        windowStart: jst(TUESDAY, `${String(hour).padStart(2, '0')}:00`),
        windowEnd: jst(TUESDAY, `${String(hour + 1).padStart(2, '0')}:00`),
      }),
    );
    const result = assignBatch({
      requests,
      candidates: ['v-a', 'v-b', 'v-c'].map((id) => volunteer({ id, maxTasksPerWeek: 3 })),
    });
    expect(new Set(result.proposals.map((p) => p.volunteerId)).size).toBe(3);
  });

  it('never books an individual twice for overlapping windows within a batch', () => {
    const result = assignBatch({
      requests: [
        request({
          id: 'r-1',
          windowStart: jst(TUESDAY, '09:00'),
          windowEnd: jst(TUESDAY, '11:00'),
        }),
        request({
          id: 'r-2',
          windowStart: jst(TUESDAY, '10:00'),
          windowEnd: jst(TUESDAY, '12:00'),
        }),
      ],
      candidates: [volunteer({ id: 'v-1' })],
    });
    expect(result.proposals).toHaveLength(1);
  });

  describe('requests needing several helpers', () => {
    const needsThree = request({ id: 'r-3', peopleNeeded: 3 });

    it('goes to one group whose headcount covers every place', () => {
      const result = assignBatch({
        requests: [needsThree],
        candidates: [
          volunteer({ id: 'g-small', kind: 'group', headcount: 2 }),
          volunteer({ id: 'g-team', kind: 'group', headcount: 6, equipment: ['除雪機'] }),
          volunteer({ id: 'v-1' }),
        ],
      });
      expect(proposed(result)).toEqual(['r-3→g-team']);
      expect(result.heldBack).toEqual([]);
    });

    it('goes to distinct individuals when they score better than the group', () => {
      const result = assignBatch({
        requests: [needsThree],
        candidates: [
          volunteer({
            id: 'g-team',
            kind: 'group',
            headcount: 6,
            tasksByWeek: { [TUESDAY_WEEK]: 2 },
          }),
          volunteer({ id: 'v-1' }),
          volunteer({ id: 'v-2' }),
          volunteer({ id: 'v-3' }),
        ],
      });
      expect(proposed(result).sort()).toEqual(['r-3→v-1', 'r-3→v-2', 'r-3→v-3']);
    });

    it('prefers the group on a tie: one team is one booking to coordinate', () => {
      const result = assignBatch({
        requests: [needsThree],
        candidates: [
          volunteer({ id: 'g-team', kind: 'group', headcount: 3 }),
          volunteer({ id: 'v-1' }),
          volunteer({ id: 'v-2' }),
          volunteer({ id: 'v-3' }),
        ],
      });
      expect(proposed(result)).toEqual(['r-3→g-team']);
    });

    it('proposes the individuals there are and holds the other places back', () => {
      const result = assignBatch({
        requests: [needsThree],
        candidates: [
          volunteer({ id: 'g-small', kind: 'group', headcount: 2 }),
          volunteer({ id: 'v-1' }),
          volunteer({ id: 'v-2' }),
        ],
      });
      expect(proposed(result).sort()).toEqual(['r-3→v-1', 'r-3→v-2']);
      expect(result.heldBack).toEqual([
        { requestId: 'r-3', reason: 'no_candidates', placesOpen: 1 },
      ]);
    });

    it('fills only the places still open, with individuals', () => {
      const result = assignBatch({
        requests: [request({ id: 'r-3', peopleNeeded: 3, placesOpen: 1 })],
        candidates: [
          volunteer({ id: 'g-team', kind: 'group', headcount: 6 }),
          volunteer({ id: 'v-1' }),
          volunteer({ id: 'v-2' }),
        ],
      });
      expect(proposed(result)).toEqual(['r-3→v-1']);
      const full = assignBatch({
        requests: [request({ id: 'r-3', peopleNeeded: 3, placesOpen: 0 })],
        candidates: [volunteer({ id: 'v-1' })],
      });
      expect({ proposals: full.proposals, heldBack: full.heldBack }).toEqual({
        proposals: [],
        heldBack: [],
      });
    });
  });

  it('says why a request got nobody', () => {
    const result = assignBatch({
      requests: [
        request({ id: 'r-nobody', category: 'visit' }),
        request({ id: 'r-wait', districtId: DISTRICTS.taisei.id, waitingMinutes: 5 }),
      ],
      candidates: [volunteer({ id: 'v-chuo', helpsNeighbours: true })],
    });
    expect(result.proposals).toEqual([]);
    expect(result.heldBack).toEqual([
      { requestId: 'r-nobody', reason: 'no_candidates', placesOpen: 1 },
      { requestId: 'r-wait', reason: 'neighbour_wait', placesOpen: 1 },
    ]);
  });

  it('does not depend on the order of its input', () => {
    const requests = [
      request({ id: 'r-1' }),
      request({ id: 'r-2', windowStart: jst(TUESDAY, '13:00'), windowEnd: jst(TUESDAY, '14:00') }),
    ];
    const candidates = [volunteer({ id: 'v-1' }), volunteer({ id: 'v-2' })];
    const forward = assignBatch({ requests, candidates });
    const backward = assignBatch({
      requests: [...requests].reverse(),
      candidates: [...candidates].reverse(),
    });
    expect(backward).toEqual(forward);
  });
});

describe('confirmProposals', () => {
  it('keeps proposals that still fit and drops those fresher data rules out', () => {
    const requests = [
      request({ id: 'r-1' }),
      request({ id: 'r-2', windowStart: jst(TUESDAY, '13:00'), windowEnd: jst(TUESDAY, '14:00') }),
    ];
    const candidates = [volunteer({ id: 'v-1', maxTasksPerWeek: 3 }), volunteer({ id: 'v-2' })];
    const result = assignBatch({ requests, candidates });
    const { proposals } = result;
    // Load spread: v-1 takes the morning, v-2 (with no task yet) the afternoon.
    expect(proposed(result)).toEqual(['r-1→v-1', 'r-2→v-2']);
    expect(confirmProposals(proposals, requests, candidates)).toEqual({
      kept: proposals,
      dropped: [],
    });
    // Meanwhile another district's run booked v-1 and v-2 for Tuesday morning, and v-2's week is full.
    const fresh = [
      volunteer({
        id: 'v-1',
        busy: [{ start: jst(TUESDAY, '08:00'), end: jst(TUESDAY, '12:00'), people: 1 }],
      }),
      volunteer({ id: 'v-2', maxTasksPerWeek: 1, tasksByWeek: { [TUESDAY_WEEK]: 1 } }),
    ];
    expect(confirmProposals(proposals, requests, fresh)).toEqual({ kept: [], dropped: proposals });
    // Only v-1's morning went elsewhere: the afternoon still stands.
    const partly = [fresh[0]!, candidates[1]!];
    expect(confirmProposals(proposals, requests, partly)).toEqual({
      kept: [proposals[1]],
      dropped: [proposals[0]],
    });
  });

  it('counts the proposals it keeps against capacity', () => {
    const requests = [
      request({ id: 'r-1' }),
      request({ id: 'r-2', windowStart: jst(TUESDAY, '13:00'), windowEnd: jst(TUESDAY, '14:00') }),
    ];
    const proposals = requests.map((r) => ({
      requestId: r.id,
      volunteerId: 'v-1',
      score: 1,
      breakdown: { total: 1, terms: [] },
    }));
    const fresh = [volunteer({ id: 'v-1', maxTasksPerWeek: 1 })];
    expect(confirmProposals(proposals, requests, fresh).kept).toEqual([proposals[0]]);
  });
});

describe('rankCandidates and explainCandidates', () => {
  it('lists the eligible best first, and says why the others are not', () => {
    const r = request({ residentId: 'res-1' });
    const candidates = [
      volunteer({ id: 'v-busy', tasksByWeek: { [TUESDAY_WEEK]: 2 } }),
      volunteer({ id: 'v-again', helpedResidentIds: ['res-1'] }),
      volunteer({ id: 'v-pending', verification: 'pending' }),
      volunteer({ id: 'v-fresh' }),
    ];
    const ranked = rankCandidates(r, candidates);
    expect(ranked.map((c) => c.volunteerId)).toEqual(['v-again', 'v-fresh', 'v-busy']);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
    expect(ranked.every((c) => c.score === c.breakdown.total)).toBe(true);
    expect(explainCandidates(r, candidates).find((c) => !c.eligible)).toEqual({
      volunteerId: 'v-pending',
      eligible: false,
      reasons: ['not_verified'],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random instances.

// Mostly three adjacent districts, so instances are dense enough to compete for volunteers.
const districtList = [
  DISTRICTS.chuo,
  DISTRICTS.chuo,
  DISTRICTS.taisei,
  DISTRICTS.toyooka,
  DISTRICTS.nagayama,
];
const categories = ['snow', 'weeding', 'rubbish'] as const;
const BASE = jst('2026-01-19', '00:00').getTime();
const HOUR = 3_600_000;

/** `crowded`: every request on the same Tuesday morning in 中央, competing for volunteers. */
const requestArb = (index: number, crowded: boolean) =>
  fc
    .record({
      district: crowded ? fc.constant(0) : fc.integer({ min: 0, max: districtList.length - 1 }),
      category: fc.constantFrom(...categories),
      day: crowded ? fc.constant(1) : fc.integer({ min: 0, max: 9 }),
      startHour: crowded ? fc.integer({ min: 8, max: 11 }) : fc.integer({ min: 7, max: 17 }),
      hours: fc.integer({ min: 1, max: 3 }),
      peopleNeeded: fc.integer({ min: 1, max: 4 }),
      filled: fc.integer({ min: 0, max: 3 }),
      urgency: fc.constantFrom('low', 'normal', 'high' as const),
      waitingMinutes: fc.integer({ min: 0, max: 300 }),
      resident: fc.integer({ min: 0, max: 5 }),
      excluded: fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 2 }),
    })
    .map((g): MatchRequest => {
      const d = districtList[g.district]!;
      const start = BASE + (g.day * 24 + g.startHour) * HOUR;
      return request({
        id: `r-${String(index).padStart(2, '0')}`,
        districtId: d.id,
        category: g.category,
        windowStart: new Date(start),
        windowEnd: new Date(start + g.hours * HOUR),
        peopleNeeded: g.peopleNeeded,
        placesOpen: Math.max(0, g.peopleNeeded - g.filled),
        urgency: g.urgency,
        waitingMinutes: g.waitingMinutes,
        residentId: `res-${g.resident}`,
        excludedVolunteerIds: g.excluded.map((i) => `v-${String(i).padStart(2, '0')}`),
      });
    });

const volunteerArb = (index: number) =>
  fc
    .record({
      group: fc.boolean(),
      headcount: fc.integer({ min: 2, max: 6 }),
      skills: fc.subarray([...categories], { minLength: 2 }),
      districts: fc.uniqueArray(fc.constantFrom(...districtList), { minLength: 1, maxLength: 2 }),
      helpsNeighbours: fc.boolean(),
      // A weekly band (some weekdays, one time of day) plus odd extra slots.
      weekdays: fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 4 }),
      bandStart: fc.integer({ min: 6, max: 10 }),
      bandHours: fc.integer({ min: 5, max: 12 }),
      slots: fc.array(
        fc.record({
          weekday: fc.integer({ min: 0, max: 6 }),
          start: fc.integer({ min: 0, max: 22 }),
          hours: fc.integer({ min: 1, max: 4 }),
        }),
        { maxLength: 3 },
      ),
      maxTasksPerWeek: fc.integer({ min: 0, max: 5 }).map((n) => (n === 0 ? 0 : n + 1)),
      tasksThisWeek: fc.integer({ min: 0, max: 2 }),
      verification: fc.constantFrom('active', 'active', 'active', 'active', 'pending' as const),
      insured: fc.constantFrom(true, true, true, false),
      busy: fc.array(
        fc.record({ day: fc.integer({ min: 0, max: 9 }), hour: fc.integer({ min: 6, max: 20 }) }),
        { maxLength: 2 },
      ),
      helped: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 2 }),
    })
    .map((g): CandidateVolunteer =>
      volunteer({
        id: `v-${String(index).padStart(2, '0')}`,
        kind: g.group ? 'group' : 'individual',
        headcount: g.group ? g.headcount : 1,
        skills: g.skills,
        districts: g.districts,
        helpsNeighbours: g.helpsNeighbours,
        availability: [
          ...g.weekdays.map((weekday) => ({
            weekday,
            startMinute: g.bandStart * 60,
            endMinute: Math.min(1440, (g.bandStart + g.bandHours) * 60),
          })),
          ...g.slots.map((s) => ({
            weekday: s.weekday,
            startMinute: s.start * 60,
            endMinute: Math.min(1440, (s.start + s.hours) * 60),
          })),
        ],
        maxTasksPerWeek: g.maxTasksPerWeek,
        tasksByWeek: { [TUESDAY_WEEK]: g.tasksThisWeek },
        verification: g.verification,
        insuranceExpiresOn: g.insured ? '2026-03-31' : '2026-01-21',
        busy: g.busy.map((b) => {
          const start = BASE + (b.day * 24 + b.hour) * HOUR;
          return { start: new Date(start), end: new Date(start + 2 * HOUR), people: 1 };
        }),
        helpedResidentIds: g.helped.map((i) => `res-${i}`),
      }),
    );

const instanceArb = fc
  .record({
    requests: fc.integer({ min: 0, max: 12 }),
    volunteers: fc.integer({ min: 0, max: 12 }),
    crowded: fc.boolean(),
  })
  .chain(({ requests, volunteers, crowded }) =>
    fc.record({
      requests: fc.tuple(...Array.from({ length: requests }, (_, i) => requestArb(i, crowded))),
      candidates: fc.tuple(...Array.from({ length: volunteers }, (_, i) => volunteerArb(i))),
    }),
  );

const overlaps = (a: { start: Date; end: Date }, b: { start: Date; end: Date }) =>
  a.start < b.end && b.start < a.end;

describe('assignBatch properties', () => {
  it('never proposes an ineligible pair, never exceeds capacity, places or headcount', () => {
    fc.assert(
      fc.property(instanceArb, ({ requests, candidates }) => {
        const result = assignGreedy({ requests, candidates });
        const requestById = new Map(requests.map((r) => [r.id, r]));
        const volunteerById = new Map(candidates.map((v) => [v.id, v]));
        const tasks = new Map<string, number>();
        const bookings = new Map<string, { start: Date; end: Date; people: number }[]>();

        for (const p of result.proposals) {
          const r = requestById.get(p.requestId)!;
          const v = volunteerById.get(p.volunteerId)!;
          // Every hard constraint holds against the stored state.
          expect(checkEligibility(r, v).eligible).toBe(true);
          const week = weekKeyOf(r.windowStart);
          const key = `${v.id} ${week}`;
          tasks.set(key, (tasks.get(key) ?? 0) + 1);
          expect((v.tasksByWeek[week] ?? 0) + tasks.get(key)!).toBeLessThanOrEqual(
            v.maxTasksPerWeek,
          );
          const mine = bookings.get(v.id) ?? [];
          const booking = {
            start: r.windowStart,
            end: r.windowEnd,
            people: v.kind === 'group' ? r.peopleNeeded : 1,
          };
          if (v.kind === 'individual') {
            expect(mine.some((b) => overlaps(b, booking))).toBe(false);
          } else {
            const alongside = mine
              .filter((b) => overlaps(b, booking))
              .reduce((sum, b) => sum + b.people, 0);
            expect(alongside + booking.people).toBeLessThanOrEqual(v.headcount);
          }
          bookings.set(v.id, [...mine, booking]);
        }

        for (const r of requests) {
          const mine = result.proposals.filter((p) => p.requestId === r.id);
          const volunteers = mine.map((p) => volunteerById.get(p.volunteerId)!);
          expect(new Set(volunteers.map((v) => v.id)).size).toBe(volunteers.length);
          const group = volunteers.find((v) => v.kind === 'group');
          if (group) {
            // A group takes a request whole, and only one nobody holds a place on yet.
            expect(volunteers).toHaveLength(1);
            expect(group.headcount).toBeGreaterThanOrEqual(r.peopleNeeded);
            expect(placesOpen(r)).toBe(r.peopleNeeded);
          } else {
            expect(volunteers.length).toBeLessThanOrEqual(placesOpen(r));
          }
          const held = result.heldBack.filter((h) => h.requestId === r.id);
          const covered = group ? placesOpen(r) : volunteers.length;
          expect(held.length).toBe(covered < placesOpen(r) ? 1 : 0);
          if (held[0]) expect(held[0].placesOpen).toBe(placesOpen(r) - covered);
          // "Nobody" really means nobody: no candidate passes the hard constraints now.
          if (held[0]?.reason === 'no_candidates') {
            const chosen = new Set(volunteers.map((v) => v.id));
            expect(
              candidates.some((v) => !chosen.has(v.id) && checkEligibility(r, v).eligible),
            ).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same input in any order gives the same output', () => {
    fc.assert(
      fc.property(
        instanceArb.chain((instance) =>
          fc.record({
            instance: fc.constant(instance),
            requestOrder: fc.shuffledSubarray(instance.requests, {
              minLength: instance.requests.length,
            }),
            candidateOrder: fc.shuffledSubarray(instance.candidates, {
              minLength: instance.candidates.length,
            }),
          }),
        ),
        ({ instance, requestOrder, candidateOrder }) => {
          const once = assignGreedy(instance);
          expect(assignGreedy(instance)).toEqual(once);
          expect(assignGreedy({ requests: requestOrder, candidates: candidateOrder })).toEqual(
            once,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves nobody unserved while an eligible volunteer has nothing to do', () => {
    fc.assert(
      fc.property(instanceArb, ({ requests, candidates }) => {
        const result = assignGreedy({ requests, candidates });
        const used = new Set(result.proposals.map((p) => p.volunteerId));
        for (const held of result.heldBack) {
          const r = requests.find((x) => x.id === held.requestId)!;
          const onIt = new Set(
            result.proposals.filter((p) => p.requestId === r.id).map((p) => p.volunteerId),
          );
          const idle = candidates.filter(
            (v) =>
              !used.has(v.id) &&
              !onIt.has(v.id) &&
              // An idle individual is a candidate for any remaining place; a group only for all.
              (v.kind === 'individual' || onIt.size === 0) &&
              checkEligibility(r, v).eligible,
          );
          expect(idle).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
