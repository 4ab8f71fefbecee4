import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COUNCIL_FACTS_JOB,
  processMaintenanceJob,
  type MaintenanceDependencies,
} from '../src/handlers/maintenance.ts';
import { createRequests, createUsers, seedDistrictIds, windowFromNow } from './support.ts';

let database: TestDatabase;
let districtIds: Map<string, string>;

beforeAll(async () => {
  database = await createTestDatabase('councilfacts');
  districtIds = await seedDistrictIds(database.db);
});

afterAll(async () => {
  await database.drop();
});

async function state() {
  const [row] = await database.db.execute<{ facts: number; queued: number }>(
    sql`select (select count(*)::int from council_request_facts) as facts,
               (select count(*)::int from council_facts_dirty) as queued`,
  );
  return row!;
}

describe('council facts refresh (maintenance job)', () => {
  it('applies the queued requests to the council dashboard’s facts', async () => {
    const [residentId] = await createUsers(database.db, ['利用者']);
    const window = windowFromNow(24, 1);
    await createRequests(database.db, districtIds, [
      { district: 'nagayama', residentId: residentId!, ...window },
      { district: 'chuo', residentId: residentId!, ...window },
    ]);
    expect(await state()).toEqual({ facts: 0, queued: 2 });
    const before = Date.now();
    // The job needs only the database; the rest of the dependencies are unused.
    const deps = { db: database.db } as unknown as MaintenanceDependencies;
    const result = await processMaintenanceJob(deps, { name: COUNCIL_FACTS_JOB });
    expect(await state()).toEqual({ facts: 2, queued: 0 });
    expect(new Date(result.asOf!).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(result.asOf!).getTime()).toBeLessThanOrEqual(Date.now());
    // Nothing queued: nothing to do, and the facts are current as of now.
    const again = await processMaintenanceJob(deps, { name: COUNCIL_FACTS_JOB });
    expect(new Date(again.asOf!).getTime()).toBeGreaterThanOrEqual(
      new Date(result.asOf!).getTime(),
    );
    expect(await state()).toEqual({ facts: 2, queued: 0 });
  });
});
