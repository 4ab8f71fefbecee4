import { Redis } from 'ioredis';

/** Spread over three mornings and four two-hour slots, as snow clearing is asked for. */
export function snowWindowFor(index: number) {
  const day = 1 + (index % 3);
  const hour = 7 + 2 * (Math.floor(index / 3) % 4);
  const date = new Date(Date.now() + (9 + 24 * day) * 3_600_000).toISOString().slice(0, 10);
  const hh = (h: number) => String(h).padStart(2, '0');
  return { kind: 'window', date, from: `${hh(hour)}:00`, to: `${hh(hour + 2)}:00` };
}

/** Removes every Redis key a bench run wrote under its own prefix. */
export async function removeRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}
