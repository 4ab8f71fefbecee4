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

/** The first helper place not held by a live match, or null when every place is covered. */
export function freeSlot(peopleNeeded: number, live: { slot: number; exclusive: boolean }[]) {
  if (live.some((match) => !match.exclusive)) return null;
  const taken = new Set(live.map((match) => match.slot));
  for (let slot = 0; slot < peopleNeeded; slot++) if (!taken.has(slot)) return slot;
  return null;
}

/** A tstzrange literal for the booking window. */
export function bookingRange(start: Date, end: Date): string {
  return `[${start.toISOString()},${end.toISOString()})`;
}
