import type { Redis } from 'ioredis';
import { AppError } from '../errors/app-error.ts';

export interface AttemptLimit {
  key: string;
  max: number;
}

/**
 * Counts attempts in Redis over a fixed window, for several keys at once (e.g. address +
 * account, and address alone), so API instances share one count. Throws 429 when any key is
 * over its limit. @fastify/rate-limit runs only one limit per request, hence this small helper.
 */
export async function countAttempt(
  redis: Redis,
  prefix: string,
  limits: AttemptLimit[],
  windowMs: number,
): Promise<void> {
  const pipeline = redis.multi();
  for (const limit of limits) {
    const key = `${prefix}:attempts:${limit.key}`;
    pipeline.incr(key);
    pipeline.pexpire(key, windowMs, 'NX');
  }
  const results = (await pipeline.exec()) ?? [];
  limits.forEach((limit, index) => {
    const count = Number(results[index * 2]?.[1] ?? 0);
    if (count > limit.max) throw new AppError('rate_limited');
  });
}
