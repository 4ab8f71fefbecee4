import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noLivePublisher } from '../src/live-publisher.ts';
import { runDistrictMatching } from '../src/matching/run-district.ts';
import {
  createRequests,
  createUsers,
  createVolunteers,
  seedDistrictIds,
  type VolunteerSpec,
} from './support.ts';
import { mulberry32 } from '@sasaeai/core';

const REQUESTS = Number(process.env.MATCHING_SCALE_REQUESTS ?? 500);
const VOLUNTEERS = Number(process.env.MATCHING_SCALE_VOLUNTEERS ?? 300);

let database: TestDatabase;
let districtIds: Map<string, string>;

beforeAll(async () => {
  database = await createTestDatabase('matchscale');
  districtIds = await seedDistrictIds(database.db);
});

afterAll(async () => {
  await database.drop();
});

describe(`a district batch of ${REQUESTS} requests × ${VOLUNTEERS} volunteers on PostgreSQL`, () => {
  it('matches within the hard constraints, set-based, and reports its timings', async () => {
    const rnd = mulberry32(7);
    const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
    const home = ['chuo', 'chuo', 'chuo', 'taisei', 'toyooka', 'shin-asahikawa', 'kagura'];
    const specs: VolunteerSpec[] = Array.from({ length: VOLUNTEERS }, () => {
      const group = rnd() < 0.1;
      return {
        districts: [home[int(0, home.length - 1)]!],
        kind: group ? 'group' : 'individual',
        headcount: group ? int(3, 10) : 1,
        skills: rnd() < 0.85 ? ['snow', 'rubbish'] : ['rubbish'],
        equipment: rnd() < 0.3 ? ['スノーダンプ'] : [],
        helpsNeighbours: rnd() < 0.4,
        availability: [0, 1, 2, 3, 4, 5, 6]
          .filter(() => rnd() < 0.7)
          .map((weekday) => ({
            weekday,
            startMinute: int(6, 10) * 60,
            endMinute: int(14, 20) * 60,
          })),
        maxTasksPerWeek: group ? int(4, 10) : int(1, 3),
      };
    });
    await createVolunteers(database.db, districtIds, specs);
    const residents = await createUsers(
      database.db,
      Array.from({ length: REQUESTS }, (_, i) => `住民 ${i}`),
    );
    // Windows over the next three days, daytime in Japan.
    const dayStart = new Date();
    dayStart.setUTCHours(24 - 9, 0, 0, 0); // next midnight in Japan
    await createRequests(
      database.db,
      districtIds,
      residents.map((residentId) => {
        const start = new Date(dayStart.getTime() + (int(1, 3) * 24 + int(7, 16)) * 3_600_000);
        return {
          district: 'chuo',
          residentId,
          category: rnd() < 0.8 ? ('snow' as const) : ('rubbish' as const),
          windowStart: start,
          windowEnd: new Date(start.getTime() + int(1, 3) * 3_600_000),
          peopleNeeded: rnd() < 0.6 ? 1 : int(2, 3),
          urgency: rnd() < 0.3 ? ('high' as const) : ('normal' as const),
          matchingSince: new Date(Date.now() - int(0, 180) * 60_000),
        };
      }),
      { outbox: false },
    );

    const first = await runDistrictMatching(
      { db: database.db, live: noLivePublisher },
      districtIds.get('chuo')!,
    );
    // A second run right after: what a follow-up batch costs when little has changed.
    const second = await runDistrictMatching(
      { db: database.db, live: noLivePublisher },
      districtIds.get('chuo')!,
    );
    console.info(`first run: ${JSON.stringify(first)}`);
    console.info(`second run: ${JSON.stringify(second)}`);
    expect(first.status).toBe('done');
    if (first.status !== 'done') return;
    expect(first.requests).toBe(REQUESTS);
    expect(first.proposed).toBeGreaterThan(0);

    const [overlaps] = await database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from matches a join matches b
        on a.volunteer_id = b.volunteer_id and a.id < b.id and a.booked_during && b.booked_during
      where a.status in ('proposed', 'approved', 'offered', 'accepted')
        and b.status in ('proposed', 'approved', 'offered', 'accepted')
        and a.exclusive and b.exclusive`);
    expect(overlaps?.n).toBe(0);
    const [overCapacity] = await database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from (
        select m.volunteer_id from matches m
        join volunteer_profiles vp on vp.user_id = m.volunteer_id
        where m.status in ('proposed', 'approved', 'offered', 'accepted')
        group by m.volunteer_id, vp.max_tasks_per_week,
          date_trunc('week', lower(m.booked_during) at time zone 'Asia/Tokyo')
        having count(*) > vp.max_tasks_per_week
      ) over_limit`);
    expect(overCapacity?.n).toBe(0);
    const [overfilled] = await database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from help_requests r
      where (select count(*) from matches m where m.request_id = r.id
             and m.status in ('proposed', 'approved', 'offered', 'accepted')) > r.people_needed`);
    expect(overfilled?.n).toBe(0);
  }, 120_000);
});
