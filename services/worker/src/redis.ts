import { Redis } from 'ioredis';
import { describeError, type Logger } from './logger.ts';

/**
 * - `worker`: BullMQ workers block on Redis and must wait out an outage, so commands are retried
 *   forever (`maxRetriesPerRequest: null`, which BullMQ requires for workers).
 * - `producer`: the outbox relay adds jobs inside a PostgreSQL transaction, so an add must fail
 *   fast when Redis is away; the row then stays pending and a later pass relays it.
 */
export type RedisRole = 'worker' | 'producer';

export interface RedisConnectionOptions {
  url: string;
  role: RedisRole;
  logger: Logger;
  connectionName?: string;
}

const roleSettings = {
  worker: { maxRetriesPerRequest: null },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 5_000 },
} as const;

export function createRedisConnection(options: RedisConnectionOptions): Redis {
  const connection = new Redis(options.url, {
    ...roleSettings[options.role],
    connectionName: options.connectionName ?? `sasaeai-worker-${options.role}`,
  });
  // Without a listener ioredis prints every reconnect failure as an unhandled error event.
  connection.on('error', (error) => {
    options.logger.warn(
      { redisRole: options.role, ...describeError(error) },
      'redis connection error',
    );
  });
  return connection;
}

/** Quits politely when connected; otherwise drops the socket and stops reconnecting. */
export async function closeRedisConnection(connection: Redis): Promise<void> {
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
