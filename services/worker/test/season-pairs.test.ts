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

  it('once the window is under way, skips a pair whose morning is over and asks the backup', async () => {
    // A snowfall declared at 07:15 for a household to clear 05:30–08:00 (Monday 2030-01-14): the
    // primary commutes (free 05:00–07:30, 15 minutes left), the backup is retired (06:00–12:00).
    const at = (clock: string) => new Date(`2030-01-14T${clock}:00+09:00`);
    const everyDay = (startMinute: number, endMinute: number) =>
      [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute, endMinute }));
    const [commuter, retiree, commuter2] = await createVolunteers(database.db, districtIds, [
      { districts: ['toyooka'], name: '通勤の 担い手', availability: everyDay(300, 450) },
      { districts: ['toyooka'], name: '退職の 担い手', availability: everyDay(360, 720) },
      { districts: ['toyooka'], name: '通勤の 二人目', availability: everyDay(300, 450) },
    ]);
    const households = [];
    for (const name of ['冬 八郎', '冬 九郎']) {
      const household = await snowHousehold(name);
      await database.db
        .update(helpRequests)
        .set({
          districtId: districtIds.get('toyooka')!,
          windowStart: at('05:30'),
          windowEnd: at('08:00'),
        })
        .where(eq(helpRequests.id, household.requestId));
      households.push(household);
    }
    const [late, early] = households;
    await pair(late!.registrationId, commuter!, 'primary');
    await pair(late!.registrationId, retiree!, 'backup');
    // Declared before the window started, the same kind of pair is asked without the grid.
    await pair(early!.registrationId, commuter2!, 'primary');
    await database.db
      .update(helpRequests)
      .set({ windowStart: at('08:00'), windowEnd: at('10:00') })
      .where(eq(helpRequests.id, early!.requestId));

    const result = await runDistrictMatching(
      { db: database.db, live: noLivePublisher },
      districtIds.get('toyooka')!,
      at('07:15'),
    );
    expect(result).toMatchObject({ status: 'done', pairOffers: 2 });
    const lateRows = await matchesOn(late!.requestId);
    expect(lateRows.map((m) => [m.volunteerId, m.status])).toEqual([[retiree, 'offered']]);
    const earlyRows = await matchesOn(early!.requestId);
    expect(earlyRows.map((m) => [m.volunteerId, m.status])).toEqual([[commuter2, 'offered']]);
  });

  it("a district's batch leaves a two-district helper to their own household in the other district", async () => {
    // Monday 2030-01-21, Japan time: chuo matched first, then kagura, as one worker's jobs go.
    const at = (clock: string) => new Date(`2030-01-21T${clock}:00+09:00`);
    const [both, plain] = await createVolunteers(database.db, districtIds, [
      // Once a week, the best equipped, serving both districts: kagura's household's pair.
      {
        districts: ['kagura', 'chuo'],
        name: '二地区の 担い手',
        equipment: ['除雪機'],
        maxTasksPerWeek: 1,
      },
      { districts: ['chuo'], name: '中央の 担い手', maxTasksPerWeek: 1 },
    ]);
    const placed = async (name: string, district: string, from: string, until: string) => {
      const household = await snowHousehold(name);
      await database.db
        .update(helpRequests)
        .set({
          districtId: districtIds.get(district)!,
          windowStart: at(from),
          windowEnd: at(until),
        })
        .where(eq(helpRequests.id, household.requestId));
      return household;
    };
    const own = await placed('冬 十郎', 'kagura', '08:00', '10:00');
    const elsewhere = await placed('冬 十一郎', 'chuo', '05:30', '08:00');
    await pair(own.registrationId, both!, 'primary');

    const runIn = (code: string) =>
      runDistrictMatching(
        { db: database.db, live: noLivePublisher },
        districtIds.get(code)!,
        at('04:00'),
      );
    expect(await runIn('chuo')).toMatchObject({ status: 'done', pairOffers: 0, proposed: 1 });
    expect((await matchesOn(elsewhere.requestId)).map((m) => m.volunteerId)).toEqual([plain]);
    expect(await runIn('kagura')).toMatchObject({ status: 'done', pairOffers: 1 });
    const rows = await matchesOn(own.requestId);
    expect(rows.map((m) => [m.volunteerId, m.status])).toEqual([[both, 'offered']]);
    // One task in the week, within the helper's limit of one.
    const tasks = await database.db.select().from(matches).where(eq(matches.volunteerId, both!));
    expect(tasks).toHaveLength(1);
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
