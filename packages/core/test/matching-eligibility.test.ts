import { describe, expect, it } from 'vitest';
import {
  checkEligibility,
  eligibleAfterWaiting,
  withRoomIn,
  type BatchLoad,
} from '../src/matching/eligibility.ts';
import { haversineKm } from '../src/matching/haversine.ts';
import {
  availabilityOverlap,
  jstDateOf,
  jstWeekdayOf,
  weekKeyOf,
  weekStartOf,
} from '../src/matching/time.ts';
import type { CandidateVolunteer, IneligibleReason, MatchRequest } from '../src/matching/types.ts';
import { DISTRICTS, jst, request, TUESDAY, TUESDAY_WEEK, volunteer } from './matching-fixtures.ts';

const tuesdayOnly = (startMinute: number, endMinute: number) => [
  { weekday: 2, startMinute, endMinute },
];

interface Case {
  name: string;
  request?: Partial<MatchRequest>;
  volunteer?: Partial<CandidateVolunteer>;
  expected: IneligibleReason | 'eligible';
}

const cases: Case[] = [
  { name: 'a same-district volunteer who fits everything', expected: 'eligible' },
  // not excluded
  {
    name: 'a volunteer who already refused this request',
    request: { excludedVolunteerIds: ['v-1'] },
    expected: 'excluded',
  },
  {
    name: 'the resident who asked, who also volunteers',
    request: { residentId: 'v-1' },
    expected: 'own_request',
  },
  // verification
  {
    name: 'pending verification',
    volunteer: { verification: 'pending' },
    expected: 'not_verified',
  },
  { name: 'suspended', volunteer: { verification: 'suspended' }, expected: 'not_verified' },
  // district
  {
    name: 'serves only a district that is not adjacent',
    volunteer: { districts: [DISTRICTS.nagayama], helpsNeighbours: true },
    request: { waitingMinutes: 600 },
    expected: 'district',
  },
  {
    name: 'serves a neighbour without opting in, however long the wait',
    volunteer: { districts: [DISTRICTS.taisei], helpsNeighbours: false },
    request: { waitingMinutes: 600 },
    expected: 'neighbour_not_opted_in',
  },
  {
    name: 'an opted-in neighbour before the request has waited 60 minutes',
    volunteer: { districts: [DISTRICTS.taisei], helpsNeighbours: true },
    request: { waitingMinutes: 59 },
    expected: 'neighbour_wait',
  },
  {
    name: 'an opted-in neighbour once the request has waited 60 minutes',
    volunteer: { districts: [DISTRICTS.taisei], helpsNeighbours: true },
    request: { waitingMinutes: 60 },
    expected: 'eligible',
  },
  {
    name: 'serves both its own district and the neighbour: counts as the same district',
    volunteer: { districts: [DISTRICTS.taisei, DISTRICTS.chuo], helpsNeighbours: false },
    expected: 'eligible',
  },
  // skill
  {
    name: 'does not offer the category',
    volunteer: { skills: ['weeding', 'visit'] },
    expected: 'skill',
  },
  // groups and places
  {
    name: 'a group smaller than the places open',
    request: { peopleNeeded: 3 },
    volunteer: { kind: 'group', headcount: 2 },
    expected: 'group_too_small',
  },
  {
    name: 'a group as big as the places open',
    request: { peopleNeeded: 3 },
    volunteer: { kind: 'group', headcount: 3 },
    expected: 'eligible',
  },
  {
    name: 'a group for a request whose other places individuals already hold',
    request: { peopleNeeded: 3, placesOpen: 1 },
    volunteer: { kind: 'group', headcount: 5 },
    expected: 'request_partly_filled',
  },
  {
    name: 'an individual for the one place still open',
    request: { peopleNeeded: 3, placesOpen: 1 },
    expected: 'eligible',
  },
  // insurance
  {
    name: 'no insurance on record',
    volunteer: { insuranceExpiresOn: null },
    expected: 'insurance',
  },
  {
    name: 'insurance ended the day before',
    volunteer: { insuranceExpiresOn: '2026-01-19' },
    expected: 'insurance',
  },
  {
    name: 'insurance ends on the day of the task',
    volunteer: { insuranceExpiresOn: TUESDAY },
    expected: 'eligible',
  },
  {
    name: 'insurance ends before a window that runs past midnight is over',
    request: { windowStart: jst(TUESDAY, '22:00'), windowEnd: jst('2026-01-21', '02:00') },
    volunteer: {
      insuranceExpiresOn: TUESDAY,
      availability: [{ weekday: 2, startMinute: 20 * 60, endMinute: 24 * 60 }],
    },
    expected: 'insurance',
  },
  // availability (Japan time)
  {
    name: 'available on other weekdays only',
    volunteer: { availability: [{ weekday: 3, startMinute: 0, endMinute: 1440 }] },
    expected: 'availability',
  },
  {
    name: 'available only until the window starts',
    volunteer: { availability: tuesdayOnly(6 * 60, 9 * 60) },
    expected: 'availability',
  },
  {
    name: 'only 15 minutes of the window are covered',
    volunteer: { availability: tuesdayOnly(10 * 60 + 45, 12 * 60) },
    expected: 'availability',
  },
  {
    name: 'the last 30 minutes of the window are covered',
    volunteer: { availability: tuesdayOnly(10 * 60 + 30, 12 * 60) },
    expected: 'eligible',
  },
  {
    name: 'a 20-minute window covered in full',
    request: { windowStart: jst(TUESDAY, '09:00'), windowEnd: jst(TUESDAY, '09:20') },
    volunteer: { availability: tuesdayOnly(9 * 60, 9 * 60 + 20) },
    expected: 'eligible',
  },
  {
    name: 'two 20-minute fragments are not 30 minutes in one go',
    volunteer: {
      availability: [
        { weekday: 2, startMinute: 9 * 60, endMinute: 9 * 60 + 20 },
        { weekday: 2, startMinute: 10 * 60, endMinute: 10 * 60 + 20 },
      ],
    },
    expected: 'availability',
  },
  {
    name: 'slots that run on across midnight count as one stretch',
    request: { windowStart: jst(TUESDAY, '23:45'), windowEnd: jst('2026-01-21', '00:30') },
    volunteer: {
      availability: [
        { weekday: 2, startMinute: 23 * 60 + 45, endMinute: 1440 },
        { weekday: 3, startMinute: 0, endMinute: 15 },
      ],
    },
    expected: 'eligible',
  },
  {
    name: 'an as-soon-as-possible window of two days, available on its second day',
    request: { windowStart: jst(TUESDAY, '20:00'), windowEnd: jst('2026-01-22', '20:00') },
    volunteer: { availability: [{ weekday: 3, startMinute: 13 * 60, endMinute: 14 * 60 }] },
    expected: 'eligible',
  },
  {
    name: 'the weekday is taken in Japan time, not UTC (Tue 08:00 JST is Mon 23:00 UTC)',
    request: { windowStart: jst(TUESDAY, '08:00'), windowEnd: jst(TUESDAY, '09:00') },
    volunteer: { availability: [{ weekday: 1, startMinute: 23 * 60, endMinute: 1440 }] },
    expected: 'availability',
  },
  {
    name: 'availability only in the part of an as-soon-as-possible window already past',
    request: {
      windowStart: jst(TUESDAY, '09:00'),
      windowEnd: jst('2026-01-21', '09:00'),
      matchFrom: jst(TUESDAY, '12:00'),
    },
    volunteer: { availability: tuesdayOnly(9 * 60, 12 * 60) },
    expected: 'availability',
  },
  {
    name: 'availability in the part of the window still ahead',
    request: {
      windowStart: jst(TUESDAY, '09:00'),
      windowEnd: jst('2026-01-21', '09:00'),
      matchFrom: jst(TUESDAY, '12:00'),
    },
    volunteer: { availability: tuesdayOnly(11 * 60, 13 * 60) },
    expected: 'eligible',
  },
  // capacity
  {
    name: 'the weekly limit is reached in the week of the task',
    volunteer: { maxTasksPerWeek: 2, tasksByWeek: { [TUESDAY_WEEK]: 2 } },
    expected: 'capacity',
  },
  {
    name: 'a full week before does not count',
    volunteer: { maxTasksPerWeek: 2, tasksByWeek: { '2026-01-12': 2, [TUESDAY_WEEK]: 1 } },
    expected: 'eligible',
  },
  { name: 'a limit of zero', volunteer: { maxTasksPerWeek: 0 }, expected: 'capacity' },
  // bookings
  {
    name: 'an individual with an overlapping booking',
    volunteer: { busy: [{ start: jst(TUESDAY, '10:30'), end: jst(TUESDAY, '12:00'), people: 1 }] },
    expected: 'booked',
  },
  {
    name: 'an individual whose booking ends as the window starts',
    volunteer: { busy: [{ start: jst(TUESDAY, '07:00'), end: jst(TUESDAY, '09:00'), people: 1 }] },
    expected: 'eligible',
  },
  {
    name: 'a group whose overlapping bookings leave too few helpers',
    request: { peopleNeeded: 2 },
    volunteer: {
      kind: 'group',
      headcount: 4,
      busy: [{ start: jst(TUESDAY, '10:00'), end: jst(TUESDAY, '12:00'), people: 3 }],
    },
    expected: 'booked',
  },
  {
    name: 'a group with helpers to spare beside an overlapping booking',
    request: { peopleNeeded: 2 },
    volunteer: {
      kind: 'group',
      headcount: 5,
      busy: [{ start: jst(TUESDAY, '10:00'), end: jst(TUESDAY, '12:00'), people: 3 }],
    },
    expected: 'eligible',
  },
];

describe('checkEligibility', () => {
  it.each(cases)('$name → $expected', ({ request: r, volunteer: v, expected }) => {
    const result = checkEligibility(request(r), volunteer(v));
    if (expected === 'eligible') {
      expect(result).toMatchObject({ eligible: true });
    } else {
      expect(result.eligible).toBe(false);
      expect(result.eligible ? [] : result.reasons).toEqual([expected]);
      // The first failing constraint is the same one in the matcher's fast mode.
      const first = checkEligibility(request(r), volunteer(v), {}, undefined, 'first');
      expect(first.eligible ? [] : first.reasons).toEqual([expected]);
    }
  });

  it('lists every failed constraint for the coordinator', () => {
    const result = checkEligibility(
      request({ waitingMinutes: 5 }),
      volunteer({
        districts: [DISTRICTS.taisei],
        helpsNeighbours: true,
        skills: ['visit'],
        insuranceExpiresOn: null,
        verification: 'pending',
      }),
    );
    expect(result).toEqual({
      eligible: false,
      reasons: ['not_verified', 'skill', 'insurance', 'neighbour_wait'],
    });
  });

  it('tells "eligible once the request has waited" apart from other refusals', () => {
    const neighbour = volunteer({ districts: [DISTRICTS.taisei], helpsNeighbours: true });
    expect(eligibleAfterWaiting(checkEligibility(request({ waitingMinutes: 5 }), neighbour))).toBe(
      true,
    );
    const unskilled = { ...neighbour, skills: ['visit' as const] };
    expect(eligibleAfterWaiting(checkEligibility(request({ waitingMinutes: 5 }), unskilled))).toBe(
      false,
    );
  });

  it('honours a configured neighbour waiting threshold', () => {
    const neighbour = volunteer({ districts: [DISTRICTS.taisei], helpsNeighbours: true });
    const r = request({ waitingMinutes: 20 });
    expect(checkEligibility(r, neighbour).eligible).toBe(false);
    expect(checkEligibility(r, neighbour, { neighbourWaitMinutes: 15 }).eligible).toBe(true);
  });

  it('counts what the batch already handed out', () => {
    const load: BatchLoad = {
      extraTasks: (_id, week) => (week === TUESDAY_WEEK ? 1 : 0),
      extraBusy: () => [],
    };
    const v = volunteer({ maxTasksPerWeek: 2, tasksByWeek: { [TUESDAY_WEEK]: 1 } });
    expect(checkEligibility(request(), v, {}, load)).toEqual({
      eligible: false,
      reasons: ['capacity'],
    });
    const booked: BatchLoad = {
      extraTasks: () => 0,
      extraBusy: () => [{ start: jst(TUESDAY, '08:00'), end: jst(TUESDAY, '09:30'), people: 1 }],
    };
    expect(checkEligibility(request(), volunteer(), {}, booked)).toEqual({
      eligible: false,
      reasons: ['booked'],
    });
  });

  it('reports the facts scoring needs', () => {
    const result = checkEligibility(
      request({ waitingMinutes: 90 }),
      volunteer({
        districts: [DISTRICTS.toyooka, DISTRICTS.taisei],
        helpsNeighbours: true,
        tasksByWeek: { [TUESDAY_WEEK]: 1 },
      }),
    );
    expect(result.eligible).toBe(true);
    if (!result.eligible) return;
    expect(result.facts.sameDistrict).toBe(false);
    // The nearer of the two neighbouring districts it serves.
    expect(result.facts.distanceKm).toBeCloseTo(haversineKm(DISTRICTS.chuo, DISTRICTS.taisei), 6);
    expect(result.facts).toMatchObject({
      overlapMinutes: 120,
      windowMinutes: 120,
      weekKey: TUESDAY_WEEK,
      tasksInWeek: 1,
    });
  });
});

describe('withRoomIn', () => {
  it('drops only volunteers whose every week the batch asks about is full', () => {
    const nextWeek = request({
      id: 'r-next',
      windowStart: jst('2026-01-27', '09:00'),
      windowEnd: jst('2026-01-27', '11:00'),
    });
    const full = volunteer({
      id: 'v-full',
      maxTasksPerWeek: 2,
      tasksByWeek: { [TUESDAY_WEEK]: 2, '2026-01-26': 2 },
    });
    const roomNextWeek = volunteer({
      id: 'v-next',
      maxTasksPerWeek: 1,
      tasksByWeek: { [TUESDAY_WEEK]: 1 },
    });
    const free = volunteer({ id: 'v-free' });
    const ids = (list: CandidateVolunteer[]) => list.map((c) => c.id);
    expect(ids(withRoomIn([request()], [full, roomNextWeek, free]))).toEqual(['v-free']);
    expect(ids(withRoomIn([request(), nextWeek], [full, roomNextWeek, free]))).toEqual([
      'v-next',
      'v-free',
    ]);
    // What it drops could never pass: checkEligibility says capacity.
    const judged = checkEligibility(request(), full);
    expect(judged.eligible ? [] : judged.reasons).toContain('capacity');
  });
});

describe('Japan-time helpers', () => {
  it('names weeks by their Monday and days in Japan time', () => {
    expect(weekKeyOf(jst(TUESDAY, '09:00'))).toBe(TUESDAY_WEEK);
    expect(weekKeyOf(jst('2026-01-19', '00:00'))).toBe(TUESDAY_WEEK);
    expect(weekKeyOf(jst('2026-01-25', '23:59'))).toBe(TUESDAY_WEEK);
    expect(weekKeyOf(jst('2026-01-26', '00:00'))).toBe('2026-01-26');
    expect(weekStartOf(jst(TUESDAY, '09:00')).toISOString()).toBe('2026-01-18T15:00:00.000Z');
    expect(jstDateOf(new Date('2026-01-19T15:30:00Z'))).toBe(TUESDAY);
    expect(jstWeekdayOf(new Date('2026-01-19T15:30:00Z'))).toBe(2);
  });

  it('measures overlap with merged slots', () => {
    const slots = [
      { weekday: 2, startMinute: 8 * 60, endMinute: 10 * 60 },
      { weekday: 2, startMinute: 9 * 60, endMinute: 12 * 60 },
    ];
    expect(availabilityOverlap(slots, jst(TUESDAY, '09:00'), jst(TUESDAY, '13:00'))).toEqual({
      longest: 180,
      total: 180,
    });
  });

  it('computes great-circle distances', () => {
    expect(haversineKm(DISTRICTS.chuo, DISTRICTS.chuo)).toBe(0);
    // 旭川 中央 → 永山: about 6 km.
    expect(haversineKm(DISTRICTS.chuo, DISTRICTS.nagayama)).toBeGreaterThan(5);
    expect(haversineKm(DISTRICTS.chuo, DISTRICTS.nagayama)).toBeLessThan(7);
    // Tokyo → Osaka ≈ 397 km.
    expect(
      haversineKm({ lat: 35.6812, lon: 139.7671 }, { lat: 34.7025, lon: 135.4959 }),
    ).toBeCloseTo(403, -1);
  });
});
