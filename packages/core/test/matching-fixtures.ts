import type { CandidateVolunteer, MatchRequest } from '../src/matching/types.ts';

/** Test districts: chuo with two neighbours (taisei adjacent, toyooka farther), nagayama apart. */
export const DISTRICTS = {
  chuo: { id: 'd-chuo', lat: 43.768, lon: 142.365 },
  taisei: { id: 'd-taisei', lat: 43.764, lon: 142.378 },
  toyooka: { id: 'd-toyooka', lat: 43.757, lon: 142.405 },
  nagayama: { id: 'd-nagayama', lat: 43.8, lon: 142.422 },
} as const;

export const NEIGHBOURS: Record<string, string[]> = {
  'd-chuo': ['d-taisei', 'd-toyooka'],
  'd-taisei': ['d-chuo', 'd-toyooka'],
  'd-toyooka': ['d-chuo', 'd-taisei'],
  'd-nagayama': [],
};

/** Japan time → Date: jst('2026-01-20', '09:00'). */
export function jst(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+09:00`);
}

/** 2026-01-20 is a Tuesday (weekday 2); its week's Monday is 2026-01-19. */
export const TUESDAY = '2026-01-20';
export const TUESDAY_WEEK = '2026-01-19';

export function request(overrides: Partial<MatchRequest> = {}): MatchRequest {
  const districtId = overrides.districtId ?? DISTRICTS.chuo.id;
  const district = Object.values(DISTRICTS).find((d) => d.id === districtId) ?? DISTRICTS.chuo;
  return {
    id: 'r-1',
    districtId,
    neighbourDistrictIds: NEIGHBOURS[districtId] ?? [],
    location: { lat: district.lat, lon: district.lon },
    category: 'snow',
    windowStart: jst(TUESDAY, '09:00'),
    windowEnd: jst(TUESDAY, '11:00'),
    peopleNeeded: 1,
    urgency: 'normal',
    waitingMinutes: 10,
    residentId: 'resident-1',
    excludedVolunteerIds: [],
    ...overrides,
  };
}

export function volunteer(overrides: Partial<CandidateVolunteer> = {}): CandidateVolunteer {
  return {
    id: 'v-1',
    kind: 'individual',
    headcount: 1,
    skills: ['snow', 'rubbish'],
    equipment: [],
    districts: [DISTRICTS.chuo],
    helpsNeighbours: false,
    // Every day 08:00–18:00.
    availability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
      weekday,
      startMinute: 8 * 60,
      endMinute: 18 * 60,
    })),
    maxTasksPerWeek: 3,
    tasksByWeek: {},
    verification: 'active',
    insuranceExpiresOn: '2026-03-31',
    busy: [],
    helpedResidentIds: [],
    reliability: { completed: 0, declined: 0, expired: 0, noShow: 0 },
    ...overrides,
  };
}
