import { assignVolunteer, declineOffer, expireOffers } from '@sasaeai/db/help-loop';
import {
  auditEvents,
  helpRequests,
  matches,
  seasonPairings,
  winterRegistrations,
} from '@sasaeai/db/schema';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noLivePublisher } from '../src/live-publisher.ts';
import { runDistrictMatching } from '../src/matching/run-district.ts';
import {
  createRequests,
  createUsers,
  createVolunteers,
  seedDistrictIds,
  windowFromNow,
} from './support.ts';

let database: TestDatabase;
let districtIds: Map<string, string>;

beforeAll(async () => {
  database = await createTestDatabase('seasonpairs');
  districtIds = await seedDistrictIds(database.db);
});

afterAll(async () => {
  await database.drop();
});

const run = (code = 'nagayama') =>
  runDistrictMatching({ db: database.db, live: noLivePublisher }, districtIds.get(code)!);

/** A household with a winter registration and the morning's snow request made from it. */
async function snowHousehold(name: string, hoursAhead = 20) {
  const [resident] = await createUsers(database.db, [name]);
  const [registration] = await database.db
    .insert(winterRegistrations)
    .values({
      residentId: resident!,
      createdBy: resident!,
      seasonYear: 2026,
      validFrom: '2026-12-01',
      validUntil: '2027-03-31',
      frontageMetres: 6,
      readyFromMinute: 360,
      readyByMinute: 480,
      thresholdCm: 10,
    })
    .returning({ id: winterRegistrations.id });
  const [requestId] = await createRequests(database.db, districtIds, [
    { district: 'nagayama', residentId: resident!, ...windowFromNow(hoursAhead) },
  ]);
  await database.db
    .update(helpRequests)
    .set({ winterRegistrationId: registration!.id })
    .where(eq(helpRequests.id, requestId!));
  return { resident: resident!, registrationId: registration!.id, requestId: requestId! };
}

async function pair(
  registrationId: string,
  helperId: string,
  role: 'primary' | 'backup',
  status: 'active' | 'paused' | 'ended' = 'active',
) {
  const [coordinator] = await createUsers(database.db, ['地区 コーディネーター']);
  await database.db.insert(seasonPairings).values({
    winterRegistrationId: registrationId,
    helperId,
    role,
    status,
    metOn: '2026-11-20',
    recordedBy: coordinator!,
  });
}

function matchesOn(requestId: string) {
  return database.db
    .select()
    .from(matches)
    .where(eq(matches.requestId, requestId))
    .orderBy(matches.createdAt);
}

/** Three snow helpers of the district: the pair and a stranger the batch matcher would pick. */
function helpers() {
  return createVolunteers(database.db, districtIds, [
    { districts: ['nagayama'], name: '一番の 担い手' },
    { districts: ['nagayama'], name: '次の 担い手' },
    { districts: ['nagayama'], name: '近所の 担い手', equipment: ['除雪機'], maxTasksPerWeek: 5 },
  ]);
}

describe('season pairs on a snowfall', () => {
  it('offers the primary first, the backup after a decline, then leaves it to batch matching', async () => {
    const [primary, backup, stranger] = await helpers();
    const household = await snowHousehold('冬 花子');
    await pair(household.registrationId, primary!, 'primary');
    await pair(household.registrationId, backup!, 'backup');

    const first = await run();
    expect(first).toMatchObject({ status: 'done', pairOffers: 1, proposed: 0 });
    let rows = await matchesOn(household.requestId);
    expect(rows.map((m) => [m.volunteerId, m.status])).toEqual([[primary, 'offered']]);
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, rows[0]!.id), eq(auditEvents.action, 'match.offered')));
    expect(audit?.details).toMatchObject({ pairing: { role: 'primary' }, volunteerId: primary });

    await declineOffer(database.db, rows[0]!.id, primary!);
    expect(await run()).toMatchObject({ pairOffers: 1, proposed: 0 });
    rows = await matchesOn(household.requestId);
    expect(rows.map((m) => [m.volunteerId, m.status])).toEqual([
      [primary, 'declined'],
      [backup, 'offered'],
    ]);

    await declineOffer(database.db, rows[1]!.id, backup!);
    expect(await run()).toMatchObject({ pairOffers: 0, proposed: 1 });
    rows = await matchesOn(household.requestId);
    expect(rows.map((m) => [m.volunteerId, m.status])).toEqual([
      [primary, 'declined'],
      [backup, 'declined'],
      [stranger, 'proposed'],
    ]);
  });

  it('offers the backup once the primary lets the offer expire', async () => {
    const [primary, backup] = await helpers();
    const household = await snowHousehold('冬 次郎', 30);
    await pair(household.registrationId, primary!, 'primary');
    await pair(household.registrationId, backup!, 'backup');
    expect(await run()).toMatchObject({ pairOffers: 1 });

    await expireOffers(database.db, new Date(Date.now() + 24 * 3_600_000));
    expect(await run()).toMatchObject({ pairOffers: 1 });
    const rows = await matchesOn(household.requestId);
    expect(rows.map((m) => [m.volunteerId, m.status])).toEqual([
      [primary, 'expired'],
      [backup, 'offered'],
    ]);
  });

  it('skips a paused or ended pairing: the household goes to normal matching', async () => {
    const [primary, backup] = await helpers();
    const household = await snowHousehold('冬 三郎', 40);
    await pair(household.registrationId, primary!, 'primary', 'paused');
    await pair(household.registrationId, backup!, 'backup', 'ended');

    expect(await run()).toMatchObject({ pairOffers: 0, proposed: 1 });
    const rows = await matchesOn(household.requestId);
    // A batch proposal (awaiting the coordinator), not a pair's direct offer.
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('proposed');
  });

  it('skips a helper booked elsewhere at that time without an error, and asks the backup', async () => {
    const [primary, backup] = await helpers();
    const household = await snowHousehold('冬 四郎', 50);
    await pair(household.registrationId, primary!, 'primary');
    await pair(household.registrationId, backup!, 'backup');
    await bookElsewhere(primary!, 50);

    expect(await run()).toMatchObject({ status: 'done', pairOffers: 1 });
    const rows = await matchesOn(household.requestId);
    expect(rows.map((m) => [m.volunteerId, m.status])).toEqual([[backup, 'offered']]);
  });

  it('a helper who is primary for two households at the same hour gets one; the other asks its backup', async () => {
    const [shared, backupA, backupB] = await helpers();
    const first = await snowHousehold('冬 六郎', 70);
    const second = await snowHousehold('冬 七郎', 70);
    await pair(first.registrationId, shared!, 'primary');
    await pair(first.registrationId, backupA!, 'backup');
    await pair(second.registrationId, shared!, 'primary');
    await pair(second.registrationId, backupB!, 'backup');

    expect(await run()).toMatchObject({ status: 'done', pairOffers: 2, proposed: 0 });
    const offers = [...(await matchesOn(first.requestId)), ...(await matchesOn(second.requestId))];
    expect(offers.every((m) => m.status === 'offered')).toBe(true);
    expect(offers.filter((m) => m.volunteerId === shared)).toHaveLength(1);
    const backups = offers.filter((m) => m.volunteerId !== shared).map((m) => m.volunteerId);
    expect(backups).toHaveLength(1);
    expect([backupA, backupB]).toContain(backups[0]);
  });

  it('leaves the request to batch matching when the only pair is booked at that time', async () => {
    const [primary] = await helpers();
    const household = await snowHousehold('冬 五郎', 60);
    await pair(household.registrationId, primary!, 'primary');
    await bookElsewhere(primary!, 60);

    expect(await run()).toMatchObject({ status: 'done', pairOffers: 0, proposed: 1 });
    const rows = await matchesOn(household.requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.volunteerId).not.toBe(primary);
    expect(rows[0]!.status).toBe('proposed');
  });
});

/** The helper already holds another household's task at the same hour (a coordinator's offer). */
async function bookElsewhere(helperId: string, hoursAhead: number) {
  const [resident, coordinator] = await createUsers(database.db, ['よその 住民', '調整 役']);
  const [requestId] = await createRequests(database.db, districtIds, [
    {
      district: 'nagayama',
      residentId: resident!,
      status: 'matching',
      ...windowFromNow(hoursAhead),
    },
  ]);
  await assignVolunteer(
    database.db,
    { requestId: requestId!, volunteerId: helperId, actorId: coordinator! },
    async () => ({ score: 0, breakdown: { total: 0, terms: [] } }),
  );
}
