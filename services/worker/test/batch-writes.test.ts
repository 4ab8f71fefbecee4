import { auditEvents, districtSettings, helpRequests, matches, outbox } from '@sasaeai/db/schema';
import {
  cancelRequest,
  markUnmatchedMany,
  proposeMatches,
  startMatchingInDistrict,
} from '@sasaeai/db/help-loop';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRequests,
  createUsers,
  createVolunteers,
  seedDistrictIds,
  windowFromNow,
} from './support.ts';

let database: TestDatabase;
let districtIds: Map<string, string>;
let residentId: string;

beforeAll(async () => {
  database = await createTestDatabase('batchwrites');
  districtIds = await seedDistrictIds(database.db);
  residentId = (await createUsers(database.db, ['依頼者']))[0]!;
});
afterAll(async () => {
  await database.drop();
});

const breakdown = null;
const setStatus = (id: string, status: 'cancelled' | 'proposed') =>
  database.db.update(helpRequests).set({ status }).where(eq(helpRequests.id, id));
const statusOf = async (ids: string[]) => {
  const rows = await database.db
    .select({
      id: helpRequests.id,
      status: helpRequests.status,
      reason: helpRequests.unmatchedReason,
    })
    .from(helpRequests)
    .where(inArray(helpRequests.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
};

describe('the matcher’s batched writes', () => {
  it('moves every open request of the district to matching in one go, with timeline rows', async () => {
    const window = windowFromNow(30);
    const ids = await createRequests(
      database.db,
      districtIds,
      [
        { residentId: residentId, district: 'kamui', ...window },
        { residentId: residentId, district: 'kamui', ...window },
        { residentId: residentId, district: 'kamui', ...window },
        { residentId: residentId, district: 'toyooka', ...window },
      ],
      { outbox: false },
    );
    await setStatus(ids[2]!, 'cancelled');
    const started = await startMatchingInDistrict(database.db, districtIds.get('kamui')!);
    expect(started.started).toBe(2);
    expect(started.notices).toHaveLength(4);
    const statuses = await statusOf(ids);
    expect(ids.map((id) => statuses.get(id)!.status)).toEqual([
      'matching',
      'matching',
      'cancelled',
      'open',
    ]);
    const timeline = await database.db
      .select({ subjectId: auditEvents.subjectId, details: auditEvents.details })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'help_request.status'), inArray(auditEvents.subjectId, ids)),
      );
    expect(timeline).toHaveLength(2);
    expect(timeline[0]!.details).toEqual({ from: 'open', to: 'matching' });
    expect((await startMatchingInDistrict(database.db, districtIds.get('kamui')!)).started).toBe(0);
  });

  it('writes the proposals that pass the guards and skips the ones the booking constraints refuse', async () => {
    const window = windowFromNow(50);
    const [solo, group, spare] = await createVolunteers(database.db, districtIds, [
      { districts: ['suehiro'], trusted: true },
      { districts: ['suehiro'], kind: 'group', headcount: 5 },
      { districts: ['suehiro'] },
    ]);
    const [a, b, cancelled, pair] = await createRequests(
      database.db,
      districtIds,
      [
        { residentId: residentId, district: 'suehiro', ...window, status: 'matching' },
        // Same window as a: the individual cannot be booked on both.
        { residentId: residentId, district: 'suehiro', ...window, status: 'matching' },
        { residentId: residentId, district: 'suehiro', ...window, status: 'matching' },
        {
          residentId: residentId,
          district: 'suehiro',
          ...windowFromNow(80),
          status: 'matching',
          peopleNeeded: 2,
        },
      ],
      { outbox: false },
    );
    await cancelRequest(database.db, cancelled!, residentId);
    // A trusted volunteer's proposals go straight out as offers, which may never overlap.
    await database.db
      .insert(districtSettings)
      .values({ districtId: districtIds.get('suehiro')!, autoApproveTrusted: true });
    const outboxBefore = (await database.db.select().from(outbox)).length;

    const result = await proposeMatches(database.db, [
      { requestId: a!, volunteerId: solo!, score: 0.9, breakdown },
      { requestId: b!, volunteerId: solo!, score: 0.8, breakdown }, // an offer overlapping a's: the booking constraint refuses it
      { requestId: cancelled!, volunteerId: spare!, score: 0.7, breakdown }, // moved on
      { requestId: pair!, volunteerId: spare!, score: 0.6, breakdown }, // first of two places
      { requestId: pair!, volunteerId: group!, score: 0.5, breakdown }, // a group needs it empty
      { requestId: a!, volunteerId: spare!, score: 0.4, breakdown }, // a is full (1 place)
    ]);

    expect(result.placed.map((p) => [p.requestId, p.volunteerId])).toEqual([
      [a, solo],
      [pair, spare],
    ]);
    expect(result.refused).toBe(4);
    const statuses = await statusOf([a!, b!, cancelled!, pair!]);
    expect(statuses.get(a!)!.status).toBe('approved'); // offered to the volunteer
    expect(statuses.get(b!)!.status).toBe('matching');
    expect(statuses.get(cancelled!)!.status).toBe('cancelled');
    expect(statuses.get(pair!)!.status).toBe('matching'); // one of two places found
    const written = await database.db
      .select()
      .from(matches)
      .where(inArray(matches.requestId, [a!, b!, cancelled!, pair!]));
    expect(written).toHaveLength(2);
    expect(written.find((m) => m.requestId === pair)!.slot).toBe(0);
    expect((await database.db.select().from(outbox)).length - outboxBefore).toBe(2);
    expect(written.find((m) => m.requestId === a)).toMatchObject({ status: 'offered' });
    const proposedAudit = await database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(
        inArray(
          auditEvents.subjectId,
          written.map((m) => m.id),
        ),
      );
    expect(proposedAudit.map((row) => row.action).sort()).toEqual([
      'match.offered',
      'match.proposed',
    ]);
    // Live notices: a match.changed per placed match (and to the volunteer offered), and the
    // status change of a to its district and resident.
    expect(result.notices.filter((n) => n.event.type === 'match.changed')).toHaveLength(3);
    expect(result.notices.filter((n) => n.event.type === 'help_request.changed')).toHaveLength(2);

    // The same batch again (a duplicate job) places nothing new.
    const again = await proposeMatches(database.db, [
      { requestId: a!, volunteerId: solo!, score: 0.9, breakdown },
      { requestId: pair!, volunteerId: spare!, score: 0.6, breakdown },
    ]);
    expect(again.placed).toEqual([]);
    expect(again.refused).toBe(2);
  });

  it('sends only requests still waiting to the inbox, with the reason', async () => {
    const window = windowFromNow(60);
    const [waiting, proposed] = await createRequests(
      database.db,
      districtIds,
      [
        { residentId: residentId, district: 'higashi-asahikawa', ...window, status: 'matching' },
        { residentId: residentId, district: 'higashi-asahikawa', ...window, status: 'matching' },
      ],
      { outbox: false },
    );
    await setStatus(proposed!, 'proposed');
    const given = await markUnmatchedMany(database.db, [waiting!, proposed!], 'no_candidates');
    expect(given.changed).toBe(1);
    const statuses = await statusOf([waiting!, proposed!]);
    expect(statuses.get(waiting!)).toMatchObject({ status: 'unmatched', reason: 'no_candidates' });
    expect(statuses.get(proposed!)!.status).toBe('proposed');
  });
});
