import { eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import {
  districtSettings,
  helpRequests,
  inboundMessages,
  notificationPreferences,
  users,
} from '@sasaeai/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  processMaintenanceJob,
  type MaintenanceDependencies,
} from '../src/handlers/maintenance.ts';
import {
  anonymiseExpiredRequests,
  RETENTION_JOB,
  runRetention,
} from '../src/handlers/retention.ts';
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
    expect(again).toEqual({ anonymised: 0, contactsErased: 0 });
    const [status] = await database.db
      .select({ status: helpRequests.status })
      .from(helpRequests)
      .where(eq(helpRequests.id, old[0]!));
    expect(status!.status).toBe('done');
  });
});

describe('retention of 見守り cases', () => {
  it('erases the case notes and referral notes of a request past its period, keeping the rows', async () => {
    const [old] = await requestsAged('nagayama', 'done', 3.1);
    const [recent] = await requestsAged('nagayama', 'done', 1);
    const [coordinatorId, volunteerId] = await createUsers(database.db, ['調整役', '担い手']);
    const caseOf = async (requestId: string) => {
      const [row] = await database.db.execute<{ id: string }>(sql`
        with m as (
          insert into matches (request_id, volunteer_id, status, booked_during)
          values (${requestId}, ${volunteerId}, 'completed', tstzrange(now() - interval '1 day', now()))
          returning id
        ), c as (
          insert into concerns (match_id, request_id, district_id, raised_by, note)
          select m.id, ${requestId}, ${districtIds.get('nagayama')}, ${volunteerId}, '元気がない' from m
          returning id
        ), n as (
          insert into concern_notes (concern_id, author_id, body)
          select c.id, ${coordinatorId}, '娘さんと 話した' from c
        ), f as (
          insert into concern_referrals (concern_id, target, note, created_by)
          select c.id, 'houkatsu', '包括の 山田さん', ${coordinatorId} from c
        )
        select id from c`);
      return row!.id;
    };
    const oldCase = await caseOf(old!);
    const recentCase = await caseOf(recent!);
    await anonymiseExpiredRequests({ db: database.db });
    const texts = async (concernId: string) =>
      database.db.execute<{ body: string; note: string | null }>(sql`
        select n.body, f.note from concern_notes n
        join concern_referrals f on f.concern_id = n.concern_id
        where n.concern_id = ${concernId}`);
    expect([...(await texts(oldCase))]).toEqual([{ body: '削除済み', note: null }]);
    expect([...(await texts(recentCase))]).toEqual([
      { body: '娘さんと 話した', note: '包括の 山田さん' },
    ]);
  });
});

/** A message that came in by SMS / LINE `ageYears` ago. */
async function inbound(
  values: { sender: string; body: string; userId?: string; matchId?: string },
  ageYears = 0,
) {
  const [row] = await database.db
    .insert(inboundMessages)
    .values({
      channel: values.sender.startsWith('U') ? 'line' : 'sms',
      providerMessageId: crypto.randomUUID(),
      intent: 'accept',
      outcome: 'accepted',
      createdAt: new Date(Date.now() - ageYears * YEAR_MS),
      ...values,
    })
    .returning({ id: inboundMessages.id });
  return row!.id;
}

const inboundRow = async (id: string) =>
  (await database.db.select().from(inboundMessages).where(eq(inboundMessages.id, id)))[0]!;

describe('retention of SMS / LINE contact data', () => {
  it('erases replies to an expired request’s offers, and old messages, keeping recent ones', async () => {
    const [volunteerId] = await createUsers(database.db, ['担い手']);
    const [oldRequest] = await requestsAged('nagayama', 'done', 3.1);
    const [recentRequest] = await requestsAged('nagayama', 'done', 1);
    const matchOf = async (requestId: string, hoursAgo: number) => {
      const [row] = await database.db.execute<{ id: string }>(sql`
        insert into matches (request_id, volunteer_id, status, booked_during)
        values (${requestId}, ${volunteerId}, 'completed',
          tstzrange(now() - make_interval(hours => ${hoursAgo + 1}), now() - make_interval(hours => ${hoursAgo})))
        returning id`);
      return row!.id;
    };
    const oldReply = await inbound(
      {
        sender: '+819055550001',
        body: 'はい',
        userId: volunteerId!,
        matchId: await matchOf(oldRequest!, 100),
      },
      0.5,
    );
    const recentReply = await inbound(
      {
        sender: '+819055550001',
        body: 'はい',
        userId: volunteerId!,
        matchId: await matchOf(recentRequest!, 10),
      },
      0.5,
    );
    const oldUnknown = await inbound({ sender: '+819055550002', body: '誰ですか' }, 3.1);
    const recentUnknown = await inbound({ sender: '+819055550003', body: 'こんにちは' }, 1);

    const result = await runRetention({ db: database.db });
    expect(result.contactsErased).toBeGreaterThanOrEqual(1);
    for (const id of [oldReply, oldUnknown]) {
      expect(await inboundRow(id)).toMatchObject({ sender: '削除済み', body: '削除済み' });
    }
    expect(await inboundRow(recentReply)).toMatchObject({ sender: '+819055550001', body: 'はい' });
    expect(await inboundRow(recentUnknown)).toMatchObject({ body: 'こんにちは' });
    // The rows stay (what was answered and how).
    expect(await inboundRow(oldReply)).toMatchObject({ intent: 'accept', outcome: 'accepted' });
  });

  it('an anonymised account keeps no SMS number, LINE id or messages; expired link codes go', async () => {
    const [goneId, stayingId, codeId] = await createUsers(database.db, [
      '去る人',
      '残る人',
      '連携中',
    ]);
    await database.db
      .update(users)
      .set({ displayName: '削除済み', anonymisedAt: new Date() })
      .where(eq(users.id, goneId!));
    await database.db.insert(notificationPreferences).values([
      { userId: goneId!, smsPhone: '+819066660001', lineUserId: 'U' + '6'.repeat(32) },
      {
        userId: stayingId!,
        smsPhone: '+819066660002',
        lineLinkCode: 'OLDC2345',
        lineLinkCodeExpiresAt: new Date(Date.now() - 60_000),
      },
      {
        userId: codeId!,
        lineLinkCode: 'LIVE2345',
        lineLinkCodeExpiresAt: new Date(Date.now() + 600_000),
      },
    ]);
    const theirs = await inbound({ sender: '+819066660001', body: '1', userId: goneId! });
    const beforeLinked = await inbound({ sender: 'U' + '6'.repeat(32), body: 'ABCD2345' });
    const others = await inbound({ sender: '+819066660002', body: '2', userId: stayingId! });
    // A family member who shares the gone person's phone and stays keeps their own record.
    const family = await inbound({ sender: '+819066660001', body: 'いいえ', userId: stayingId! });

    const result = await runRetention({ db: database.db });
    expect(result.contactsErased).toBeGreaterThanOrEqual(4);
    const prefs = await database.db.select().from(notificationPreferences);
    expect(prefs.find((row) => row.userId === goneId)).toBeUndefined();
    expect(prefs.find((row) => row.userId === stayingId)).toMatchObject({
      smsPhone: '+819066660002',
      lineLinkCode: null,
      lineLinkCodeExpiresAt: null,
    });
    expect(prefs.find((row) => row.userId === codeId)).toMatchObject({ lineLinkCode: 'LIVE2345' });
    for (const id of [theirs, beforeLinked]) {
      expect(await inboundRow(id)).toMatchObject({ sender: '削除済み', body: '削除済み' });
    }
    expect(await inboundRow(others)).toMatchObject({ sender: '+819066660002', body: '2' });
    expect(await inboundRow(family)).toMatchObject({ sender: '+819066660001', body: 'いいえ' });
    // Once: a second run has nothing left to erase.
    expect((await runRetention({ db: database.db })).contactsErased).toBe(0);
  });
});
