import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { districts, helpRequests, snowEvents } from '@sasaeai/db/schema';
import type { RequestStatus, SnowBoard } from '@sasaeai/contracts';
import { districtIdsFor, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

/**
 * A day's snow events with their requests counted by status, per district: the coordinator's
 * own districts, or the whole city for council staff and admins. Counts only, no people.
 */
export async function snowBoard(
  db: Database,
  actor: SessionUser,
  date: string,
): Promise<SnowBoard> {
  const conditions: SQL[] = [eq(snowEvents.observedOn, date)];
  if (!hasRole(actor, 'council', 'admin')) {
    const own = districtIdsFor(actor, 'coordinator');
    if (own.length === 0) return { date, districts: [] };
    conditions.push(inArray(snowEvents.districtId, own));
  }
  const rows = await db
    .select({
      eventId: snowEvents.id,
      district: districts.code,
      cm: snowEvents.cm,
      source: snowEvents.source,
      status: helpRequests.status,
      count: count(helpRequests.id),
    })
    .from(snowEvents)
    .innerJoin(districts, eq(districts.id, snowEvents.districtId))
    .leftJoin(helpRequests, eq(helpRequests.snowEventId, snowEvents.id))
    .where(and(...conditions))
    .groupBy(snowEvents.id, districts.code, helpRequests.status)
    .orderBy(asc(districts.code), asc(helpRequests.status));

  const byEvent = new Map<string, SnowBoard['districts'][number]>();
  for (const row of rows) {
    const entry = byEvent.get(row.eventId) ?? {
      district: row.district,
      eventId: row.eventId,
      cm: row.cm,
      source: row.source,
      total: 0,
      byStatus: [],
    };
    if (row.status) {
      entry.byStatus.push({ status: row.status as RequestStatus, count: row.count });
      entry.total += row.count;
    }
    byEvent.set(row.eventId, entry);
  }
  return { date, districts: [...byEvent.values()] };
}
