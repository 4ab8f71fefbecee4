import { z } from 'zod';

/**
 * Events pushed to browsers over `/ws`. They carry ids and statuses only; a client that sees
 * one (or reconnects) refetches what it shows through the API, so it never misses a change.
 */
export const WsEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), userId: z.uuid(), districts: z.array(z.string()) }),
  z.object({
    type: z.literal('help_request.changed'),
    requestId: z.uuid(),
    status: z.string(),
  }),
  z.object({ type: z.literal('match.changed'), matchId: z.uuid(), status: z.string() }),
]);
export type WsEvent = z.infer<typeof WsEvent>;

/** Who receives an event: one user, or everyone watching a district (its coordinators). */
export const WsAudience = z.union([
  z.object({ userId: z.uuid() }),
  z.object({ districtId: z.uuid() }),
]);
export type WsAudience = z.infer<typeof WsAudience>;

export const WsEnvelope = z.object({ audience: WsAudience, event: WsEvent });
export type WsEnvelope = z.infer<typeof WsEnvelope>;
