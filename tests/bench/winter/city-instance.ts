/**
 * A planned winter city as a hindsight instance in memory (no database): one snow request per
 * household on a fixed Monday morning, the helpers as the matcher's candidates. The city test
 * solves it with the snowstorm bench's model and solver, to show the city leaves a first-come
 * greedy measurably short of the optimum before any process runs.
 */
import type { CandidateVolunteer } from '@sasaeai/core';
import { DEMO_DISTRICTS } from '@sasaeai/db/seed';
import type { QualityInstance, RecordedRequest } from '../snowstorm/quality.ts';
import { adjacentInPlan, type CityData, type WinterPlan } from './city.ts';

/** 2030-01-14 is a Monday; the morning's minutes are Japan time (UTC+9). */
const DAY = Date.UTC(2030, 0, 14) - 9 * 3_600_000;
const atMinute = (minute: number) => new Date(DAY + minute * 60_000);

export function cityInstance(plan: WinterPlan, city: CityData): QualityInstance {
  const adjacent = adjacentInPlan(plan);
  const served = plan.districts.map((code) => {
    const d = DEMO_DISTRICTS.find((x) => x.code === code)!;
    return { id: code, lat: d.lat, lon: d.lon };
  });
  const createdAt = atMinute(4 * 60);
  const requests: RecordedRequest[] = city.households.map((h, i) => ({
    id: `r${String(i).padStart(6, '0')}`,
    districtId: plan.districts[h.district]!,
    neighbourDistrictIds: adjacent[h.district]!.map((j) => plan.districts[j]!),
    location: { lat: served[h.district]!.lat, lon: served[h.district]!.lon },
    category: 'snow',
    windowStart: atMinute(h.span[0]),
    windowEnd: atMinute(h.span[1]),
    matchFrom: atMinute(h.span[0]),
    peopleNeeded: 1,
    placesOpen: 1,
    urgency: 'normal',
    waitingMinutes: 0,
    residentId: `h${i}`,
    excludedVolunteerIds: [],
    createdAt,
  }));
  const candidates: CandidateVolunteer[] = city.helpers.map((h, i) => ({
    id: `v${String(i).padStart(6, '0')}`,
    kind: h.profile === 'group' ? 'group' : 'individual',
    headcount: h.headcount,
    skills: ['snow'],
    equipment: h.equipment,
    districts: h.serves.map((d) => served[d]!),
    helpsNeighbours: false,
    availability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
      weekday,
      startMinute: h.span[0],
      endMinute: h.span[1],
    })),
    maxTasksPerWeek: h.maxTasksPerWeek,
    tasksByWeek: {},
    verification: 'active',
    insuranceExpiresOn: '2099-03-31',
    busy: [],
    helpedResidentIds: [],
    reliability: { completed: 0, declined: 0, expired: 0, noShow: 0 },
  }));
  return { requests, candidates };
}
