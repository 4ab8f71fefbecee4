import { sql } from 'drizzle-orm';
import type { TestDatabase } from '@sasaeai/db/testing';
import {
  auditEvents,
  helpRequests,
  inboundMessages,
  notificationPreferences,
  notifications,
  residentProfiles,
  roleAssignments,
  seasonPairings,
  users,
  weeklyRoutines,
  winterRegistrations,
} from '@sasaeai/db/schema';
import { districtIdOf } from './help-loop-fixtures.ts';

export interface PhonedIn {
  fullName: string;
  fullNameKana?: string | null;
  phone?: string | null;
  address?: string;
  code?: string;
}

/** A resident who phoned the centre: no log-in, registered by a coordinator. */
export async function makePhonedIn(database: TestDatabase, who: PhonedIn): Promise<string> {
  const [user] = await database.db
    .insert(users)
    .values({ displayName: who.fullName })
    .returning({ id: users.id });
  await database.db.insert(roleAssignments).values({ userId: user!.id, role: 'resident' });
  await database.db.insert(residentProfiles).values({
    userId: user!.id,
    fullName: who.fullName,
    fullNameKana: who.fullNameKana ?? null,
    phone: who.phone ?? null,
    address: who.address ?? '旭川市5条通9丁目3-12',
    districtId: await districtIdOf(database, who.code ?? 'chuo'),
  });
  return user!.id;
}

/**
 * Gives a resident a history: two requests, a winter registration with a pairing, a weekly
 * routine, notification preferences, a notification, an inbound SMS and audit events about them.
 */
export async function giveHistory(
  database: TestDatabase,
  residentId: string,
  coordinatorId: string,
  helperId: string,
  season: number,
) {
  const db = database.db;
  const districtId = await districtIdOf(database, 'chuo');
  const requests = await db
    .insert(helpRequests)
    .values(
      [1, 2].map((n) => ({
        residentId,
        createdBy: n === 1 ? residentId : coordinatorId,
        districtId,
        category: 'snow' as const,
        status: 'open' as const,
        address: '旭川市5条通9丁目3-12',
        windowStart: new Date(`2026-12-1${String(n)}T08:00:00+09:00`),
        windowEnd: new Date(`2026-12-1${String(n)}T10:00:00+09:00`),
      })),
    )
    .returning({ id: helpRequests.id });
  const [registration] = await db
    .insert(winterRegistrations)
    .values({
      residentId,
      createdBy: coordinatorId,
      viaProxy: true,
      seasonYear: season,
      validFrom: `${String(season)}-12-01`,
      validUntil: `${String(season + 1)}-03-31`,
      frontageMetres: 6,
      readyFromMinute: 420,
      readyByMinute: 540,
      thresholdCm: 10,
    })
    .returning({ id: winterRegistrations.id });
  const [pairing] = await db
    .insert(seasonPairings)
    .values({
      winterRegistrationId: registration!.id,
      helperId,
      role: 'primary',
      metOn: `${String(season)}-11-20`,
      recordedBy: coordinatorId,
    })
    .returning({ id: seasonPairings.id });
  const [routine] = await db
    .insert(weeklyRoutines)
    .values({
      residentId,
      createdBy: coordinatorId,
      viaProxy: true,
      category: 'rubbish',
      weekdays: [1, 4],
      fromMinute: 480,
      untilMinute: 540,
      startsOn: '2026-12-07',
    })
    .returning({ id: weeklyRoutines.id });
  await db.insert(notificationPreferences).values({ userId: residentId });
  await db.insert(notifications).values({
    userId: residentId,
    eventKey: `request.unmatched:${requests[0]!.id}`,
    eventType: 'request.unmatched',
    channel: 'phone_call',
    template: 'request.unmatched',
    language: 'ja',
    requestId: requests[0]!.id,
  });
  await db.insert(inboundMessages).values({
    channel: 'sms',
    providerMessageId: `SM${crypto.randomUUID()}`,
    sender: '+81900000000',
    userId: residentId,
    body: 'はい',
    intent: 'unclear',
    outcome: 'unclear',
  });
  await db.insert(auditEvents).values([
    { actorId: residentId, action: 'test.by_resident', subjectType: 'user', subjectId: residentId },
    { actorId: coordinatorId, action: 'test.about', subjectType: 'user', subjectId: residentId },
  ]);
  return {
    requestIds: requests.map((r) => r.id),
    registrationId: registration!.id,
    pairingId: pairing!.id,
    routineId: routine!.id,
  };
}

/** Every foreign key column in the database that references `users.id`. */
export async function userReferenceColumns(database: TestDatabase): Promise<string[]> {
  const rows = await database.db.execute<{ table_name: string; column_name: string }>(sql`
    select kcu.table_name, kcu.column_name
    from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu
      on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
    join information_schema.constraint_column_usage ccu
      on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
    where tc.constraint_type = 'FOREIGN KEY' and ccu.table_name = 'users'
      and ccu.column_name = 'id' and tc.table_schema = current_schema()`);
  return [...rows].map((r) => `${r.table_name}.${r.column_name}`).sort();
}

/** How many rows of each person-referencing column still point at `userId`. */
export async function referencesTo(database: TestDatabase, userId: string) {
  const found: Record<string, number> = {};
  for (const key of await userReferenceColumns(database)) {
    const [table, column] = key.split('.') as [string, string];
    const [row] = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)} = ${userId}`,
    );
    if (row!.n > 0) found[key] = row!.n;
  }
  return found;
}
