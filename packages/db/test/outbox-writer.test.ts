import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { OutboxMessage } from '@sasaeai/contracts';
import { enqueueOutbox } from '../src/help-loop/index.ts';
import { outbox } from '../src/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('outbox-writer');
});
afterAll(async () => {
  await database.drop();
});

const rows = () => database.db.select().from(outbox);

describe('the outbox writer', () => {
  it('writes one message or several, each with its topic and ids-only payload', async () => {
    const requestId = randomUUID();
    const districtId = randomUUID();
    await enqueueOutbox(database.db, {
      topic: 'help_request.changed',
      payload: { requestId, districtId },
    });
    await enqueueOutbox(database.db, [
      { topic: 'thanks.sent', payload: { matchId: randomUUID(), requestId } },
      {
        topic: 'notification.requested',
        payload: { userId: randomUUID(), kind: 'password_reset' },
      },
    ]);
    await enqueueOutbox(database.db, []);
    const written = await rows();
    expect(written.map((row) => row.topic)).toEqual([
      'help_request.changed',
      'thanks.sent',
      'notification.requested',
    ]);
    expect(written[0]!.payload).toEqual({ requestId, districtId });
  });

  it.each([
    ['a missing id', { topic: 'match.changed', payload: { matchId: randomUUID() } }],
    [
      'a field the topic does not take (a name)',
      {
        topic: 'help_request.created',
        payload: { requestId: randomUUID(), districtId: randomUUID(), name: '山田 花子' },
      },
    ],
    [
      'an id that is not a uuid',
      {
        topic: 'concern.raised',
        payload: { matchId: 'x', requestId: randomUUID(), districtId: randomUUID() },
      },
    ],
    ['an unknown topic', { topic: 'resident.exported', payload: { userId: randomUUID() } }],
  ])('refuses %s, writing nothing of the batch', async (_name, bad) => {
    const before = (await rows()).length;
    const good: OutboxMessage = {
      topic: 'help_request.changed',
      payload: { requestId: randomUUID(), districtId: randomUUID() },
    };
    await expect(
      enqueueOutbox(database.db, [good, bad as unknown as OutboxMessage]),
    ).rejects.toBeInstanceOf(ZodError);
    expect((await rows()).length).toBe(before);
  });
});
