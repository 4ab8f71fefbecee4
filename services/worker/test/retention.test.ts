import { eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import { districtSettings, helpRequests } from '@sasaeai/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  processMaintenanceJob,
  type MaintenanceDependencies,
} from '../src/handlers/maintenance.ts';
import { anonymiseExpiredRequests, RETENTION_JOB } from '../src/handlers/retention.ts';
import { createRequests, createUsers, seedDistrictIds, windowFromNow } from './support.ts';

let database: TestDatabase;
let districtIds: Map<string, string>;

beforeAll(async () => {
  database = await createTestDatabase('retention');
  districtIds = await seedDistrictIds(database.db);
});

afterAll(async () => {
  await database.drop();
});

const YEAR_MS = 365 * 24 * 3_600_000;

/** Requests in a state, last changed `ageYears` ago, with notes and a consented sensitive note. */
async function requestsAged(
  district: string,
  status: 'done' | 'cancelled' | 'accepted',
  ageYears: number,
  count = 1,
) {
  const [residentId] = await createUsers(database.db, ['利用者']);
  const window = windowFromNow(-24, 1);
  const ids = await createRequests(
    database.db,
    districtIds,
    Array.from({ length: count }, () => ({ district, residentId: residentId!, ...window })),
    { outbox: false },
  );
  await database.db.execute(sql`
    update help_requests
    set status = ${status}, notes = '玄関前', sensitive_notes = '膝が悪い',
        sensitive_consent_at = now(),
        updated_at = now() - make_interval(secs => ${ageYears * (YEAR_MS / 1000)})
    where id in ${ids}`);
  return ids;
}

const rowsOf = (ids: string[]) =>
  database.db.select().from(helpRequests).where(inArray(helpRequests.id, ids));

describe('retention (maintenance job)', () => {
  it('clears address and notes of finished requests past the district’s period, in batches, once', async () => {
    const old = await requestsAged('nagayama', 'done', 3.1, 5);
    const cancelled = await requestsAged('nagayama', 'cancelled', 3.1);
    const recent = await requestsAged('nagayama', 'done', 2.9);
    const live = await requestsAged('nagayama', 'accepted', 5);
    // 中央's centre keeps finished requests five years.
    await database.db
      .insert(districtSettings)
      .values({ districtId: districtIds.get('chuo')!, retentionMonths: 60 });
    const keptLonger = await requestsAged('chuo', 'done', 4);

    const result = await anonymiseExpiredRequests({ db: database.db }, new Date(), 2);
    expect(result.anonymised).toBe(6);
    for (const row of await rowsOf([...old, ...cancelled])) {
      expect(row).toMatchObject({ address: '削除済み', notes: null, sensitiveNotes: null });
      expect(row.anonymisedAt).not.toBeNull();
    }
    for (const row of await rowsOf([...recent, ...live, ...keptLonger])) {
      expect(row).toMatchObject({ address: '旭川市永山3条5丁目2-10', sensitiveNotes: '膝が悪い' });
    }
    // Rows stay (the council's figures count them); a second run finds nothing to do.
    expect(await rowsOf(old)).toHaveLength(5);
    const again = await processMaintenanceJob(
      { db: database.db } as unknown as MaintenanceDependencies,
      {
        name: RETENTION_JOB,
      },
    );
    expect(again).toEqual({ anonymised: 0 });
    const [status] = await database.db
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(eq(helpRequests.id, old[0]!));
    expect(status!.status).toBe('done');
  });
});
