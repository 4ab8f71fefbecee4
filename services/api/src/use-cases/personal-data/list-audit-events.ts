import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, districts, helpRequests, users } from '@sasaeai/db/schema';
import type { AuditPage, AuditQuery } from '@sasaeai/contracts';
import { districtIdsFor, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

export const AUDIT_PAGE_SIZE = 50;

/** A JST calendar day's start as an instant. */
const jstDayStart = (day: string) => new Date(`${day}T00:00:00+09:00`);

/**
 * Who did what, newest first: an admin sees the whole city, a coordinator only events of their
 * own districts (from the session's grants). Filtered by resident (events on their requests or
 * their account) and by JST day.
 */
export async function listAuditEvents(
  db: Database,
  actor: SessionUser,
  query: AuditQuery,
): Promise<AuditPage> {
  const admin = hasRole(actor, 'admin');
  const mine = districtIdsFor(actor, 'coordinator');
  if (!admin && mine.length === 0) return { entries: [], page: query.page, hasMore: false };

  const actorUser = alias(users, 'actor_user');
  const residentUser = alias(users, 'resident_user');
  const residentId = sql<
    string | null
  >`coalesce(${helpRequests.residentId}, case when ${auditEvents.subjectType} = 'user' then ${auditEvents.subjectId}::uuid end)`;
  const conditions: (SQL | undefined)[] = [
    admin ? undefined : inArray(auditEvents.districtId, mine),
    query.from ? gte(auditEvents.createdAt, jstDayStart(query.from)) : undefined,
    query.to
      ? lt(auditEvents.createdAt, new Date(jstDayStart(query.to).getTime() + 86_400_000))
      : undefined,
    query.resident
      ? or(
          eq(helpRequests.residentId, query.resident),
          and(eq(auditEvents.subjectType, 'user'), eq(auditEvents.subjectId, query.resident)),
        )
      : undefined,
  ];
  const rows = await db
    .select({
      event: auditEvents,
      actorName: actorUser.displayName,
      residentId,
      residentName: residentUser.displayName,
      district: districts.code,
    })
    .from(auditEvents)
    .leftJoin(
      helpRequests,
      and(
        eq(auditEvents.subjectType, 'help_request'),
        sql`${helpRequests.id}::text = ${auditEvents.subjectId}`,
      ),
    )
    .leftJoin(actorUser, eq(actorUser.id, auditEvents.actorId))
    .leftJoin(residentUser, sql`${residentUser.id} = ${residentId}`)
    .leftJoin(districts, eq(districts.id, auditEvents.districtId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((query.page - 1) * AUDIT_PAGE_SIZE);

  return {
    entries: rows.slice(0, AUDIT_PAGE_SIZE).map((row) => ({
      id: String(row.event.id),
      at: row.event.createdAt.toISOString(),
      action: row.event.action,
      actorName: row.actorName,
      subjectType: row.event.subjectType,
      subjectId: row.event.subjectId,
      residentId: row.residentId,
      residentName: row.residentName,
      district: row.district,
      via: (row.event.details as { via?: unknown }).via?.toString() ?? null,
    })),
    page: query.page,
    hasMore: rows.length > AUDIT_PAGE_SIZE,
  };
}
