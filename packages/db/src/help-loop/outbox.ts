import { sql, type SQL, type Subquery } from 'drizzle-orm';
import {
  outboxPayloadSchemas,
  parseOutboxMessage,
  type OutboxMessage,
  type OutboxTopic,
} from '@sasaeai/contracts';
import type { DbOrTx } from '../client.ts';
import { outbox } from '../schema/index.ts';

/**
 * The one outbox writer: one message or several, in the caller's transaction, in one statement
 * (none for an empty list). Each payload is checked against its topic's schema first
 * (`outboxPayloadSchemas`, ids only), so a bad payload throws before anything is written. The
 * worker's relay moves the rows to their queues.
 */
export async function enqueueOutbox(
  tx: DbOrTx,
  messages: OutboxMessage | readonly OutboxMessage[],
): Promise<void> {
  const list = (Array.isArray(messages) ? messages : [messages]) as readonly OutboxMessage[];
  if (list.length === 0) return;
  const rows = list.map(parseOutboxMessage);
  await tx.insert(outbox).values(rows.map(({ topic, payload }) => ({ topic, payload })));
}

type PayloadKeys<T extends OutboxTopic> = keyof (typeof outboxPayloadSchemas)[T]['shape'];

/**
 * The same rows written from rows a statement produces (`insert … select … from <cte>`), for
 * the one-statement request insert: the payload is built in SQL from one column per field of
 * the topic's schema, so the shape cannot drift from what `enqueueOutbox` would write.
 */
export function outboxInsertFrom<T extends OutboxTopic>(
  topic: T,
  source: Subquery,
  columns: Record<PayloadKeys<T>, SQL>,
): SQL {
  const fields = Object.keys(outboxPayloadSchemas[topic].shape) as PayloadKeys<T>[];
  const pairs = sql.join(
    // Keys and topic are the schema's own names, never input: written into the statement.
    fields.map((field) => sql`${sql.raw(`'${String(field)}'`)}, ${columns[field]}`),
    sql`, `,
  );
  return sql`insert into ${outbox} (topic, payload)
    select ${sql.raw(`'${topic}'`)}, jsonb_build_object(${pairs}) from ${source} returning id`;
}
