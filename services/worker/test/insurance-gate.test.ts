import { fiscalYearOfDate, insuranceCoversUntil, jstToday } from '@sasaeai/core';
import { refreshInsuranceCover } from '@sasaeai/db';
import { candidatesForRequest } from '@sasaeai/db/matching';
import { insuranceEnrolments, insurancePlans } from '@sasaeai/db/schema';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRequests,
  createUsers,
  createVolunteers,
  seedDistrictIds,
  windowFromNow,
} from './support.ts';

const thisYear = fiscalYearOfDate(jstToday());
let database: TestDatabase;
let districtIds: Map<string, string>;

beforeAll(async () => {
  database = await createTestDatabase('insgate');
  districtIds = await seedDistrictIds(database.db);
});
afterAll(async () => database.drop());

/** The reasons the candidate list gives for one volunteer on one request ([] = eligible). */
async function reasonsFor(requestId: string, volunteerId: string) {
  const found = await candidatesForRequest(database.db, requestId);
  return found!.explained.find((e) => e.volunteerId === volunteerId)!.reasons;
}

describe('the matching gate reads the centre’s insurance record', () => {
  it('an enrolment covering the task’s day is eligible; expired or no cover is not', async () => {
    const [enrolled, expired, none] = await createVolunteers(database.db, districtIds, [
      { districts: ['chuo'], insuranceExpiresOn: null },
      { districts: ['chuo'], insuranceExpiresOn: null },
      { districts: ['chuo'], insuranceExpiresOn: null },
    ]);
    await database.db
      .insert(insurancePlans)
      .values({ code: 'basic', nameJa: '基本プラン', nameEn: 'Basic', premiumYen: 350 })
      .onConflictDoNothing();
    const [plan] = await database.db.select().from(insurancePlans);
    await database.db.insert(insuranceEnrolments).values([
      {
        volunteerId: enrolled!,
        fiscalYear: thisYear,
        planId: plan!.id,
        enrolledOn: jstToday(),
        coversUntil: insuranceCoversUntil(thisYear),
      },
      {
        volunteerId: expired!,
        fiscalYear: thisYear - 1,
        coversUntil: insuranceCoversUntil(thisYear - 1),
        source: 'migrated',
      },
    ]);
    await refreshInsuranceCover(database.db, [enrolled!, expired!, none!]);

    const [resident] = await createUsers(database.db, ['住民']);
    const afterCover = new Date(`${String(thisYear + 1)}-04-01T09:00:00+09:00`);
    const [soon, nextYear] = await createRequests(
      database.db,
      districtIds,
      [
        { district: 'chuo', residentId: resident!, ...windowFromNow(48) },
        {
          district: 'chuo',
          residentId: resident!,
          windowStart: afterCover,
          windowEnd: new Date(afterCover.getTime() + 2 * 3_600_000),
        },
      ],
      { outbox: false },
    );

    expect(await reasonsFor(soon!, enrolled!)).toEqual([]);
    expect(await reasonsFor(soon!, expired!)).toEqual(['insurance']);
    expect(await reasonsFor(soon!, none!)).toEqual(['insurance']);
    // Cover ends on 31 March: a task on 1 April needs next year's enrolment.
    expect(await reasonsFor(nextYear!, enrolled!)).toContain('insurance');

    const ranked = (await candidatesForRequest(database.db, soon!))!.ranked.map(
      (r) => r.volunteerId,
    );
    expect(ranked).toContain(enrolled);
    expect(ranked).not.toContain(expired);
  });
});
