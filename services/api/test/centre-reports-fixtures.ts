import { eq } from 'drizzle-orm';
import {
  concerns,
  helpRequests,
  matches,
  residentProfiles,
  users,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import type { TestDatabase } from '@sasaeai/db/testing';
import type { HelpCategory } from '@sasaeai/contracts';
import { seededRandom } from '@sasaeai/core';
import {
  districtIdOf,
  makeResident,
  makeVolunteer,
  NAGAYAMA_ADDRESS,
} from './help-loop-fixtures.ts';

export type SeedStatus = 'open' | 'matching' | 'done' | 'cancelled' | 'unmatched';

/** One seeded request as the test remembers it, to count expectations without SQL. */
export interface SeedRequest {
  district: 'chuo' | 'nagayama';
  month: '2026-11' | '2026-12';
  category: HelpCategory;
  status: SeedStatus;
  residentId: string;
  /** The completed match of a done request. */
  helper: { volunteerId: string; headcount: number; minutes: number } | null;
  concern: boolean;
}

export const FORMULA_NAME = '=HYPERLINK("http://evil.example/","x")';
export const FORMULA_VOLUNTEER = '@SUM(1+1)';

/**
 * Residents (one with a formula for a name), an individual and a group volunteer in chuo, one in
 * nagayama, and 40 requests in November and December 2026 with random statuses and categories.
 */
export async function seedCentre(database: TestDatabase) {
  const db = database.db;
  const residents = {
    formula: await makeResident(database),
    chuo: await makeResident(database),
    nagayama: await makeResident(database, NAGAYAMA_ADDRESS, 'nagayama'),
  };
  await db
    .update(residentProfiles)
    .set({ fullName: FORMULA_NAME, createdAt: new Date('2026-11-03T10:00:00+09:00') })
    .where(eq(residentProfiles.userId, residents.formula.id));
  await db
    .update(residentProfiles)
    .set({ fullName: '北野 はな', createdAt: new Date('2026-10-20T10:00:00+09:00') })
    .where(eq(residentProfiles.userId, residents.chuo.id));
  await db
    .update(residentProfiles)
    .set({ fullName: '東 ゆき', createdAt: new Date('2026-11-15T10:00:00+09:00') })
    .where(eq(residentProfiles.userId, residents.nagayama.id));

  const single = await makeVolunteer(database, 'chuo');
  const group = await makeVolunteer(database, 'chuo', { kind: 'group', headcount: 4 });
  const far = await makeVolunteer(database, 'nagayama');
  await db.update(users).set({ displayName: FORMULA_VOLUNTEER }).where(eq(users.id, single.id));
  const registered = {
    [single.id]: '2026-11-05',
    [group.id]: '2026-09-01',
    [far.id]: '2026-11-20',
  };
  for (const [id, day] of Object.entries(registered)) {
    await db
      .update(volunteerProfiles)
      .set({ createdAt: new Date(`${day}T09:00:00+09:00`) })
      .where(eq(volunteerProfiles.userId, id));
  }
  const volunteers = {
    chuo: [
      { volunteerId: single.id, headcount: 1 },
      { volunteerId: group.id, headcount: 4 },
    ],
    nagayama: [{ volunteerId: far.id, headcount: 1 }],
  };

  const rng = seededRandom(20261204);
  const random = () => rng.next();
  const pick = <T>(items: readonly T[]): T => rng.pick(items);
  const statuses: SeedStatus[] = ['open', 'matching', 'done', 'done', 'cancelled', 'unmatched'];
  const categories: HelpCategory[] = ['snow', 'snow', 'shopping', 'visit', 'rubbish'];
  const seeded: SeedRequest[] = [];
  const start = Date.parse('2026-11-01T06:00:00+09:00');
  for (let i = 0; i < 40; i += 1) {
    // 25 hours apart: November holds the first 28 or so, December the rest.
    const createdAt = new Date(start + i * 25 * 3_600_000);
    const district = random() < 0.7 ? 'chuo' : 'nagayama';
    const residentId =
      district === 'nagayama'
        ? residents.nagayama.id
        : pick([residents.formula.id, residents.chuo.id]);
    const status = pick(statuses);
    const category = pick(categories);
    const windowStart = new Date(createdAt.getTime() + 48 * 3_600_000);
    const windowEnd = new Date(windowStart.getTime() + 3_600_000);
    const [row] = await db
      .insert(helpRequests)
      .values({
        residentId,
        createdBy: residentId,
        districtId: await districtIdOf(database, district),
        category,
        status,
        address: '旭川市',
        windowStart,
        windowEnd,
        createdAt,
      })
      .returning({ id: helpRequests.id });
    let helper: SeedRequest['helper'] = null;
    let concern = false;
    if (status === 'done') {
      const volunteer = pick(volunteers[district]);
      helper = { ...volunteer, minutes: 30 + Math.floor(random() * 6) * 15 };
      const [match] = await db
        .insert(matches)
        .values({
          requestId: row!.id,
          volunteerId: volunteer.volunteerId,
          status: 'completed',
          bookedDuring: `[${windowStart.toISOString()},${windowEnd.toISOString()})`,
          minutesSpent: helper.minutes,
          completedAt: windowEnd,
          createdAt: new Date(createdAt.getTime() + 3_600_000),
        })
        .returning({ id: matches.id });
      concern = random() < 0.4;
      if (concern) {
        await db.insert(concerns).values({
          matchId: match!.id,
          requestId: row!.id,
          districtId: await districtIdOf(database, district),
          raisedBy: volunteer.volunteerId,
          note: '元気がなかった',
        });
      }
    }
    const jst = new Date(createdAt.getTime() + 9 * 3_600_000).toISOString().slice(0, 7);
    seeded.push({
      district,
      month: jst as SeedRequest['month'],
      category,
      status,
      residentId,
      helper,
      concern,
    });
  }
  return { residents, volunteers: { single, group, far }, registered, seeded };
}

/** The report's figures counted from the seed in plain TypeScript. */
export function expectedFigures(
  seeded: readonly SeedRequest[],
  registered: { residents: number; volunteers: number },
) {
  const done = seeded.filter((r) => r.helper !== null);
  const minutes = done.reduce((sum, r) => sum + r.helper!.minutes, 0);
  const personMinutes = done.reduce((sum, r) => sum + r.helper!.minutes * r.helper!.headcount, 0);
  return {
    requests: seeded.length,
    matched: done.length,
    completed: seeded.filter((r) => r.status === 'done').length,
    cancelled: seeded.filter((r) => r.status === 'cancelled').length,
    waiting: seeded.filter((r) => ['open', 'matching', 'unmatched'].includes(r.status)).length,
    activeVolunteers: new Set(done.map((r) => r.helper!.volunteerId)).size,
    activities: done.length,
    hours: Math.round((minutes / 60) * 100) / 100,
    personHours: Math.round((personMinutes / 60) * 100) / 100,
    residentsHelped: new Set(done.map((r) => r.residentId)).size,
    newVolunteers: registered.volunteers,
    newResidents: registered.residents,
    concerns: seeded.filter((r) => r.concern).length,
  };
}
