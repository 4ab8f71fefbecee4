import { z } from 'zod';

/** One session ended (log-out), or every session of a user but one (password change). */
export const EndedSessions = z.union([
  z.object({ sessionId: z.string().min(1).max(64) }),
  z.object({ userId: z.uuid(), exceptSessionId: z.string().min(1).max(64).optional() }),
]);
export type EndedSessions = z.infer<typeof EndedSessions>;

/**
 * Announced on the live channel between API instances, never sent to browsers: sessions that
 * ended (their sockets close for good), or a user whose roles changed (their sockets close so
 * the browser reconnects and joins the districts of its new roles).
 */
export const LiveControl = z.union([
  z.object({ sessionsEnded: EndedSessions }),
  z.object({ rolesChanged: z.object({ userId: z.uuid() }) }),
]);
export type LiveControl = z.infer<typeof LiveControl>;
