import { LRUCache } from 'lru-cache';

/**
 * The rows this process took in a batch and has sent, ended or is sending, so their own send
 * jobs (one per row, queued by the fan-out) end without a database round trip — in a storm
 * that query per mail cost as much as the batch itself. A row put back for a retry is dropped
 * from here, so its retry job runs. Other processes do not share this: their jobs for such a
 * row find it taken by the claim, as before.
 */
export type TakenRows = LRUCache<string, true>;

export function createTakenRows(leaseMs: number): TakenRows {
  return new LRUCache<string, true>({ max: 100_000, ttl: leaseMs });
}
