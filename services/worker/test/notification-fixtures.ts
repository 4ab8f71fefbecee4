import { Writable } from 'node:stream';
import type { Database } from '@sasaeai/db/client';
import { approveMatch, proposeMatch } from '@sasaeai/db/help-loop';
import { outbox, roleAssignments, users } from '@sasaeai/db/schema';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { pino, type Logger } from 'pino';
import { createRequests, createVolunteers, windowFromNow } from './support.ts';

/** The address every fixture request carries (see createRequests): it must appear in no mail. */
export const FIXTURE_ADDRESS = '旭川市永山3条5丁目2-10';

const breakdown = { total: 1, terms: [{ term: 'distance' as const, points: 1, detail: '' }] };

let serial = 0;

/** A person with an e-mail address (or none) and a language. */
export async function createPerson(
  db: Database,
  options: { name: string; email?: string | null; locale?: 'ja' | 'en' },
): Promise<string> {
  serial += 1;
  const [row] = await db
    .insert(users)
    .values({
      displayName: options.name,
      email: options.email === undefined ? `person${serial}@example.test` : options.email,
      locale: options.locale ?? 'ja',
    })
    .returning({ id: users.id });
  return row!.id;
}

export async function makeCoordinator(
  db: Database,
  districtId: string,
  options: { email?: string | null; locale?: 'ja' | 'en' } = {},
): Promise<string> {
  const id = await createPerson(db, { name: '調整 役', ...options });
  await db.insert(roleAssignments).values({ userId: id, role: 'coordinator', districtId });
  return id;
}

/** A volunteer (with e-mail) in chuo, with a login address of their own. */
export async function makeVolunteer(
  db: Database,
  districtIds: Map<string, string>,
  options: { name?: string; email?: string | null; locale?: 'ja' | 'en'; group?: string } = {},
): Promise<string> {
  const [id] = await createVolunteers(db, districtIds, [
    {
      districts: ['chuo'],
      name: options.name ?? '山田 太郎',
      ...(options.group ? { kind: 'group' as const, headcount: 3 } : {}),
    },
  ]);
  serial += 1;
  await db
    .update(users)
    .set({
      email: options.email === undefined ? `volunteer${serial}@example.test` : options.email,
      locale: options.locale ?? 'ja',
    })
    .where(eq(users.id, id!));
  return id!;
}

/** A request by `residentId` in chuo, proposed to the volunteer and approved: an offer. */
export async function makeOffer(
  db: Database,
  districtIds: Map<string, string>,
  residentId: string,
  volunteerId: string,
  coordinatorId: string,
  hoursAhead = 30,
): Promise<{ requestId: string; matchId: string }> {
  const { requestId, matchIds } = await offerRequest(
    db,
    districtIds,
    { residentId, hoursAhead, peopleNeeded: 1 },
    [volunteerId],
    coordinatorId,
  );
  return { requestId, matchId: matchIds[0]! };
}

/** A request for two in chuo, offered to both volunteers (in that order): their match ids. */
export async function makePairOffers(
  db: Database,
  districtIds: Map<string, string>,
  residentId: string,
  volunteerIds: readonly [string, string],
  coordinatorId: string,
): Promise<string[]> {
  const { matchIds } = await offerRequest(
    db,
    districtIds,
    { residentId, hoursAhead: 30, peopleNeeded: 2 },
    volunteerIds,
    coordinatorId,
  );
  return matchIds;
}

async function offerRequest(
  db: Database,
  districtIds: Map<string, string>,
  spec: { residentId: string; hoursAhead: number; peopleNeeded: number },
  volunteerIds: readonly string[],
  coordinatorId: string,
): Promise<{ requestId: string; matchIds: string[] }> {
  const [requestId] = await createRequests(
    db,
    districtIds,
    [
      {
        district: 'chuo',
        residentId: spec.residentId,
        peopleNeeded: spec.peopleNeeded,
        ...windowFromNow(spec.hoursAhead),
      },
    ],
    { outbox: false },
  );
  const matchIds: string[] = [];
  for (const volunteerId of volunteerIds) {
    const { matchId } = await proposeMatch(db, {
      requestId: requestId!,
      volunteerId,
      score: 1,
      breakdown,
    });
    await approveMatch(db, matchId!, coordinatorId);
    matchIds.push(matchId!);
  }
  return { requestId: requestId!, matchIds };
}

/** The newest pending outbox row of a topic, as the relay would hand it over. */
export async function latestOutbox(db: Database, topic: string) {
  const [row] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, topic), isNull(outbox.dispatchedAt)))
    .orderBy(desc(outbox.id))
    .limit(1);
  if (!row) throw new Error(`no pending ${topic} outbox row`);
  return row;
}

/** Marks every outbox row relayed, so a test only relays what it makes next. */
export async function forgetOutbox(db: Database): Promise<void> {
  await db
    .update(outbox)
    .set({ dispatchedAt: sql`now()` })
    .where(isNull(outbox.dispatchedAt));
}

/** A debug-level logger whose lines a test can read back. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}
