import type { Redis } from 'ioredis';
import { rateLimited } from '../errors/rate-limited.ts';

export interface AttemptLimit {
  key: string;
  max: number;
  /** Only read here, counted elsewhere (failures, by `countFailure`): refused at `max`. */
  peek?: boolean;
}

function redisKey(prefix: string, key: string): string {
  return `${prefix}:attempts:${key}`;
}

/**
 * Counts attempts in Redis over a fixed window, for several keys at once (e.g. address +
 * account, and address alone), so API instances share one count. Throws 429, with the time
 * left in the longest exceeded window, when any key is over its limit. @fastify/rate-limit runs
 * only one limit per request, hence this small helper.
 */
export async function countAttempt(
  redis: Redis,
  prefix: string,
  limits: AttemptLimit[],
  windowMs: number,
): Promise<void> {
  const pipeline = redis.multi();
  for (const limit of limits) {
    const key = redisKey(prefix, limit.key);
    if (limit.peek) {
      pipeline.get(key);
    } else {
      pipeline.incr(key);
      pipeline.pexpire(key, windowMs, 'NX');
    }
    pipeline.pttl(key);
  }
  const results = (await pipeline.exec()) ?? [];
  let index = 0;
  let waitMs = 0;
  for (const limit of limits) {
    const count = Number(results[index]?.[1] ?? 0);
    index += limit.peek ? 1 : 2;
    const ttl = Number(results[index]?.[1] ?? -1);
    index += 1;
    const over = limit.peek ? count >= limit.max : count > limit.max;
    if (over) waitMs = Math.max(waitMs, ttl > 0 ? ttl : windowMs);
  }
  if (waitMs > 0) throw rateLimited(waitMs / 1000);
}

/** Counts one failure under `key` (read back by a `peek` limit). */
export async function countFailure(
  redis: Redis,
  prefix: string,
  key: string,
  windowMs: number,
): Promise<void> {
  const fullKey = redisKey(prefix, key);
  await redis.multi().incr(fullKey).pexpire(fullKey, windowMs, 'NX').exec();
}
