import type { Database } from '@sasaeai/db/client';
import { markNotificationsSent } from '@sasaeai/db/notifications';

/**
 * Records a batch's rows as sent while their mails are being accepted: the first acceptance
 * starts a write, and those that arrive while it runs go together in the next one. A worker
 * killed mid-batch can then repeat only the mails the write under way had not yet recorded
 * (as when each row was marked alone), not the whole batch, at a few statements per batch.
 */
export function createSentMarker(db: Database) {
  let pending: { id: string; providerMessageId: string }[] = [];
  let writing: Promise<void> | undefined;
  let failure: unknown;
  const write = async () => {
    try {
      while (pending.length > 0) {
        const rows = pending;
        pending = [];
        await markNotificationsSent(db, rows);
      }
    } catch (error) {
      failure ??= error;
    } finally {
      writing = undefined;
    }
  };
  return {
    add(id: string, providerMessageId: string): void {
      pending.push({ id, providerMessageId });
      writing ??= write();
    },
    /** Waits until every row added is recorded; throws what a write threw. */
    async done(): Promise<void> {
      while (writing || pending.length > 0) await (writing ??= write());
      if (failure !== undefined) throw failure;
    },
  };
}
