import { and, eq, inArray } from 'drizzle-orm';
import { liveMatchStatuses } from '@sasaeai/core';
import type { Tx } from '../client.ts';
import { helpRequests, matches } from '../schema/index.ts';

/** The match statuses that hold a place and the volunteer's time (from the core lifecycle). */
export const liveStatuses = liveMatchStatuses;

/** Locks the request row for the rest of the transaction and reads its live matches. */
export async function lockRequest(tx: Tx, requestId: string) {
  const [request] = await tx
    .select()
    .from(helpRequests)
    .where(eq(helpRequests.id, requestId))
    .for('update');
  if (!request) return null;
  const live = await tx
    .select()
    .from(matches)
    .where(and(eq(matches.requestId, requestId), inArray(matches.status, [...liveStatuses])));
  return { request, live };
}

/** A tstzrange literal for the booking window. */
export function bookingRange(start: Date, end: Date): string {
  return `[${start.toISOString()},${end.toISOString()})`;
}
