import type { Readable } from 'node:stream';
import type { Database } from '@sasaeai/db/client';
import { AppError } from '../../errors/app-error.ts';

/**
 * Streaming exports under way at once per database (per API process). Each holds a pooled
 * connection for as long as the download lasts (the cursor waits for a slow reader), and the
 * API's pool is 10: two leave the rest for everyone else. A third is told to retry shortly.
 */
export const EXPORT_SLOTS = 2;
const inUse = new WeakMap<Database, number>();

/** Takes a slot for `open()`'s stream, given back when it closes (finished, failed or aborted). */
export async function withExportSlot<T extends { stream: Readable }>(
  db: Database,
  open: () => Promise<T>,
): Promise<T> {
  const used = inUse.get(db) ?? 0;
  if (used >= EXPORT_SLOTS) {
    throw new AppError(
      'busy',
      {
        ja: 'ほかの 書き出しが 終わるのを 待っています。1分ほど してから、もう一度 お試しください。',
        en: 'Other exports are running. Please try again in a minute.',
      },
      undefined,
      60,
    );
  }
  inUse.set(db, used + 1);
  const release = () => inUse.set(db, Math.max(0, (inUse.get(db) ?? 1) - 1));
  try {
    const opened = await open();
    opened.stream.once('close', release);
    return opened;
  } catch (error) {
    release();
    throw error;
  }
}
