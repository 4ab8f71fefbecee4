import { eq } from 'drizzle-orm';
import type { TestDatabase } from '@sasaeai/db/testing';
import {
  districts,
  helpRequests,
  residentProfiles,
  volunteerAvailability,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { makeUser } from './helper.ts';

export const CHUO_ADDRESS = '旭川市5条通9丁目3-12';
export const NAGAYAMA_ADDRESS = '旭川市永山3条5丁目2-10';

export async function districtIdOf(database: TestDatabase, code: string): Promise<string> {
  const [row] = await database.db.select().from(districts).where(eq(districts.code, code));
  return row!.id;
}

/** A resident with a profile address in the given district. */
export async function makeResident(database: TestDatabase, address = CHUO_ADDRESS, code = 'chuo') {
  const user = await makeUser(database, { roles: [{ role: 'resident' }] });
  await database.db.insert(residentProfiles).values({
    userId: user.id,
    fullName: '旭川 花子',
    phone: '0166-01-2345',
    address,
    districtId: await districtIdOf(database, code),
    consentAt: new Date(),
    consentMethod: 'online_form',
  });
  return user;
}

/** An active, insured volunteer serving the district, available every day all day. */
export async function makeVolunteer(
  database: TestDatabase,
  code = 'chuo',
  options: { kind?: 'individual' | 'group'; headcount?: number; trusted?: boolean } = {},
) {
  const user = await makeUser(database, {
    roles: [{ role: 'volunteer' }],
    volunteerDistricts: [code],
  });
  await database.db
    .update(volunteerProfiles)
    .set({
      verification: 'active',
      kind: options.kind ?? 'individual',
      headcount: options.headcount ?? 1,
      groupName: options.kind === 'group' ? '永山3条町内会 除雪隊' : null,
      skills: ['snow', 'weeding', 'rubbish', 'shopping', 'visit', 'other'],
      insuranceExpiresOn: '2099-03-31',
      maxTasksPerWeek: 5,
      trusted: options.trusted ?? false,
    })
    .where(eq(volunteerProfiles.userId, user.id));
  await database.db.insert(volunteerAvailability).values(
    [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
      volunteerId: user.id,
      weekday,
      startMinute: 0,
      endMinute: 1440,
    })),
  );
  return user;
}

/** A date in Japan time, `days` after today. */
export function jstDate(days = 1): string {
  return new Date(Date.now() + 9 * 3_600_000 + days * 24 * 3_600_000).toISOString().slice(0, 10);
}

export const tomorrowJst = () => jstDate(1);

export const snowRequest = (overrides: Record<string, unknown> = {}) => ({
  category: 'snow',
  when: { kind: 'window', date: tomorrowJst(), from: '08:00', to: '11:00' },
  where: { kind: 'profile' },
  notes: '玄関前の雪をお願いします',
  ...overrides,
});

/**
 * `count` snow requests of one new resident in chuo, in `status`, their windows a day apart
 * from 1 January 2027 and written a minute apart (the newest first on the lists): for paging.
 */
export async function seedDailyRequests(
  database: TestDatabase,
  count: number,
  status: 'unmatched' | 'matching' = 'unmatched',
): Promise<string[]> {
  const resident = await makeResident(database);
  const chuo = await districtIdOf(database, 'chuo');
  const rows = await database.db
    .insert(helpRequests)
    .values(
      Array.from({ length: count }, (_, i) => {
        const start = new Date(Date.UTC(2027, 0, 1, 0) + i * 86_400_000);
        return {
          residentId: resident.id,
          createdBy: resident.id,
          districtId: chuo,
          category: 'snow' as const,
          address: CHUO_ADDRESS,
          windowStart: start,
          windowEnd: new Date(start.getTime() + 2 * 3_600_000),
          status,
          ...(status === 'unmatched' ? { unmatchedReason: 'no_candidates' as const } : {}),
          createdAt: new Date(Date.now() - (count - i) * 60_000),
        };
      }),
    )
    .returning({ id: helpRequests.id });
  return rows.map((row) => row.id);
}
