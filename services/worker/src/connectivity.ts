import { describeConnectionError } from '@sasaeai/db';
import { Redis } from 'ioredis';
import type postgres from 'postgres';

/** Boot-time reachability checks. Each returns one plain-language line, or undefined when fine. */

export async function findPostgresProblem(
  sql: postgres.Sql,
  url: string,
): Promise<string | undefined> {
  try {
    await sql`select 1`;
    return undefined;
  } catch (error) {
    return describeConnectionError(error, url);
  }
}

export async function findRedisProblem(url: string): Promise<string | undefined> {
  const probe = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5_000,
  });
  // connect() rejects with a bare "Connection is closed"; the socket error says why.
  let socketError: unknown;
  probe.on('error', (error) => (socketError = error));
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    return describeRedisError(socketError ?? error, url);
  } finally {
    probe.disconnect();
  }
}

function describeRedisError(error: unknown, url: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  const where = new URL(url);
  const target = `${where.hostname}:${where.port || '6379'}`;
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'ETIMEDOUT' ||
    code === 'EHOSTUNREACH'
  ) {
    return `Redis is not reachable at ${target} (${code}). Start it, or run \`docker compose -f infra/compose.yaml up -d\`, or set REDIS_URL.`;
  }
  return `Redis error at ${target}: ${error instanceof Error ? error.message : String(error)}`;
}
