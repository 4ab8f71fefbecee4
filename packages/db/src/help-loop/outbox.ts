import type { OutboxPayload, OutboxTopic } from '@sasaeai/contracts';
import type { DbOrTx } from '../client.ts';
import { outbox } from '../schema/index.ts';

/** Writes an outbox row in the caller's transaction; the worker relays it to a queue. */
export async function enqueueOutbox(
  tx: DbOrTx,
  topic: OutboxTopic,
  payload: OutboxPayload,
): Promise<void> {
  await tx.insert(outbox).values({ topic, payload });
}

/** Several outbox rows in one statement (none when the list is empty). */
export async function enqueueOutboxMany(
  tx: DbOrTx,
  rows: ReadonlyArray<{ topic: OutboxTopic; payload: OutboxPayload }>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(outbox).values(rows.map(({ topic, payload }) => ({ topic, payload })));
}
