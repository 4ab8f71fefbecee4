import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { CALL_PAGE_SIZE, type CallTaskList } from '@sasaeai/contracts';
import { callScript } from '@sasaeai/core';
import type { Database } from '@sasaeai/db/client';
import { CALL_OVERDUE_PREFIX, helperNameOf } from '@sasaeai/db/notifications';
import {
  districts,
  helpRequests,
  matches,
  notifications,
  users,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { districtIdsFor, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

/** The helper a resident is told of (match.accepted), as the resident may know them. */
const helpers = alias(users, 'helper');

/**
 * The coordinators' call list: notifications that fell back to `phone_call` in their districts
 * (the last channel of a person's order), each with a short script in plain Japanese; calls
 * not made by their deadline (escalated by the worker) come first; a page of `CALL_PAGE_SIZE`
 * with the total, ties by id so pages never overlap.
 */
export async function listCalls(
  db: Database,
  user: SessionUser,
  page = 1,
): Promise<z.infer<typeof CallTaskList>> {
  const conditions: SQL[] = [
    eq(notifications.channel, 'phone_call'),
    eq(notifications.status, 'sent'),
  ];
  if (!hasRole(user, 'admin'))
    conditions.push(inArray(notifications.districtId, districtIdsFor(user, 'coordinator')));
  // Escalated by the worker's scan (`call.overdue:<id>`): not made by its deadline.
  const overdue = sql<boolean>`exists (select 1 from notifications escalation where escalation.event_key = ${CALL_OVERDUE_PREFIX} || ${notifications.id}::text)`;
  const rows = await db
    .select({
      call: notifications,
      district: districts.code,
      personName: users.displayName,
      category: helpRequests.category,
      windowStart: helpRequests.windowStart,
      windowEnd: helpRequests.windowEnd,
      helperName: helpers.displayName,
      helperKind: volunteerProfiles.kind,
      helperGroupName: volunteerProfiles.groupName,
      overdue,
    })
    .from(notifications)
    .innerJoin(districts, eq(districts.id, notifications.districtId))
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(helpRequests, eq(helpRequests.id, notifications.requestId))
    .leftJoin(matches, eq(matches.id, notifications.matchId))
    .leftJoin(helpers, eq(helpers.id, matches.volunteerId))
    .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, matches.volunteerId))
    .where(and(...conditions))
    .orderBy(desc(overdue), asc(notifications.createdAt), asc(notifications.id))
    .limit(CALL_PAGE_SIZE)
    .offset((page - 1) * CALL_PAGE_SIZE);
  const [counted] = await db
    .select({ total: count() })
    .from(notifications)
    .where(and(...conditions));
  const total = counted?.total ?? 0;
  return {
    total,
    hasMore: page * CALL_PAGE_SIZE < total,
    calls: rows.map((row) => ({
      id: row.call.id,
      eventType: row.call.eventType,
      personName: row.personName,
      language: row.call.language,
      requestId: row.call.requestId,
      district: row.district,
      createdAt: row.call.createdAt.toISOString(),
      overdue: row.overdue,
      script: callScript({
        eventType: row.call.eventType,
        personName: row.personName,
        category: row.category,
        windowStart: row.windowStart,
        windowEnd: row.windowEnd,
        helperName:
          row.helperName === null
            ? null
            : helperNameOf({
                displayName: row.helperName,
                kind: row.helperKind,
                groupName: row.helperGroupName,
              }),
      }),
    })),
  };
}
