import { Redis } from 'ioredis';
import { createDb } from '@sasaeai/db/client';
import { connectionErrorCode, countDemoAccounts, describeConnectionError } from '@sasaeai/db';
import type { ApiEnv } from './env.ts';

export class PreflightError extends Error {}

/**
 * Checks before listening: PostgreSQL and Redis answer, and a production start has no demo
 * accounts. Each failure is one plain sentence, not a stack trace.
 */
export async function preflight(config: ApiEnv): Promise<void> {
  const { db, sql, close } = createDb({ url: config.DATABASE_URL, max: 1 });
  try {
    await sql`select 1`;
    if (config.NODE_ENV === 'production' && !config.DEMO_MODE) {
      const demoAccounts = await countDemoAccounts(db);
      if (demoAccounts > 0) {
        throw new PreflightError(
          `Refusing to start in production: ${demoAccounts} demo accounts exist. Remove them first (or set DEMO_MODE=true for a demo deployment).`,
        );
      }
    }
  } catch (error) {
    if (error instanceof PreflightError) throw error;
    if (connectionErrorCode(error)) {
      throw new PreflightError(describeConnectionError(error, config.DATABASE_URL));
    }
    throw new PreflightError(
      `PostgreSQL answered with an error: ${error instanceof Error ? error.message : String(error)}. Has \`pnpm db:migrate\` run?`,
    );
  } finally {
    await close();
  }

  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    const where = new URL(config.REDIS_URL);
    throw new PreflightError(
      `Redis is not reachable at ${where.hostname}:${where.port || '6379'}. Start it, or run \`docker compose -f infra/compose.yaml up -d\`, or set REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
}
