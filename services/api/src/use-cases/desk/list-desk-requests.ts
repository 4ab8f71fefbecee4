import { and, asc, count, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { districts, helpRequests, matches, residentProfiles } from '@sasaeai/db/schema';
import {
  DESK_PAGE_SIZE,
  type DeskRequestPage,
  type DeskRequestQuery,
  type DeskSort,
  type RequestStatus,
} from '@sasaeai/contracts';
import { residentMatches } from './resident-search.ts';

/** The districts the caller may see on the desk: `all`, or these ids (possibly none). */
export type DeskScope = { kind: 'all' } | { kind: 'districts'; ids: string[] };

const waitingStatuses: readonly RequestStatus[] = ['open', 'matching', 'unmatched'];
const placedStatuses = ['approved', 'offered', 'accepted', 'completed'] as const;

/** Midnight in Japan of an ISO date, as an instant. */
const jstMidnight = (isoDate: string, plusDays = 0) =>
  new Date(Date.parse(`${isoDate}T00:00:00+09:00`) + plusDays * 86_400_000);

function orderFor(sort: DeskSort, direction: 'asc' | 'desc'): SQL[] {
  const by = direction === 'asc' ? asc : desc;
  const nullsLast = direction === 'asc' ? sql`asc nulls last` : sql`desc nulls last`;
  switch (sort) {
    case 'window':
      return [by(helpRequests.windowStart)];
    case 'created':
      return [by(helpRequests.createdAt)];
    case 'waiting':
      // Ascending = longest waiting first; requests no longer waiting come last either way.
      return [
        sql`case when ${helpRequests.status} in ('open', 'matching', 'unmatched') then coalesce(${helpRequests.matchingSince}, ${helpRequests.createdAt}) end ${nullsLast}`,
      ];
    case 'status':
      return [by(helpRequests.status), asc(helpRequests.windowStart)];
    case 'category':
      return [by(helpRequests.category), asc(helpRequests.windowStart)];
    case 'district':
      return [
        by(
          sql`(select ${districts.code} from ${districts} where ${districts.id} = ${helpRequests.districtId})`,
        ),
        asc(helpRequests.windowStart),
      ];
  }
}

/**
 * One page of the desk: the requests of the scope matching the filters, in the chosen order
 * (ties broken by id, so pages never overlap), with who asked and how many helpers are placed.
 * Offset paging: a district holds a few thousand requests a year, and the city-wide last page
 * at 100,000 stays within the bench's budget (see ARCHITECTURE.md, "Coordinator desk").
 */
export async function listDeskRequests(
  db: Database,
  scope: DeskScope,
  query: DeskRequestQuery & { districtId?: string },
): Promise<DeskRequestPage> {
  const perPage = query.perPage ?? DESK_PAGE_SIZE;
  const page = query.page ?? 1;
  const conditions: SQL[] = [];
  if (scope.kind === 'districts') conditions.push(inArray(helpRequests.districtId, scope.ids));
  if (query.districtId) conditions.push(eq(helpRequests.districtId, query.districtId));
  if (query.status) conditions.push(eq(helpRequests.status, query.status));
  if (query.category) conditions.push(eq(helpRequests.category, query.category));
  if (query.from) conditions.push(gte(helpRequests.windowStart, jstMidnight(query.from)));
  if (query.to) conditions.push(lt(helpRequests.windowStart, jstMidnight(query.to, 1)));
  if (query.q) {
    // Residents first: a concrete list lets the planner see how few requests it is after,
    // where a subquery made it walk the window index hoping to meet them early.
    const found = await db
      .select({ id: residentProfiles.userId })
      .from(residentProfiles)
      .where(residentMatches(query.q));
    if (found.length === 0) return { rows: [], total: 0, page, perPage, pageCount: 1 };
    conditions.push(
      inArray(
        helpRequests.residentId,
        found.map((r) => r.id),
      ),
    );
  }
  const where = and(...conditions);
  const sort = query.sort ?? 'window';
  const direction = query.dir ?? (sort === 'window' || sort === 'created' ? 'desc' : 'asc');

  // The page's ids first, from help_requests alone (its indexes give the order), then the
  // details of those 50; joining every matching row to names and districts before the limit
  // cost a full sort of the scope.
  const [totalRow] = await db.select({ total: count() }).from(helpRequests).where(where);
  const total = totalRow?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const pageIds = (
    await db
      .select({ id: helpRequests.id })
      .from(helpRequests)
      .where(where)
      .orderBy(...orderFor(sort, direction), (direction === 'asc' ? asc : desc)(helpRequests.id))
      .limit(perPage)
      .offset((page - 1) * perPage)
  ).map((r) => r.id);

  const details =
    pageIds.length === 0
      ? []
      : await db
          .select({
            id: helpRequests.id,
            status: helpRequests.status,
            category: helpRequests.category,
            urgency: helpRequests.urgency,
            districtCode: districts.code,
            districtName: districts.name,
            districtNameEn: districts.nameEn,
            windowStart: helpRequests.windowStart,
            windowEnd: helpRequests.windowEnd,
            asSoonAsPossible: helpRequests.asSoonAsPossible,
            createdAt: helpRequests.createdAt,
            matchingSince: helpRequests.matchingSince,
            fullName: residentProfiles.fullName,
            fullNameKana: residentProfiles.fullNameKana,
            peopleNeeded: helpRequests.peopleNeeded,
          })
          .from(helpRequests)
          .innerJoin(districts, eq(districts.id, helpRequests.districtId))
          .leftJoin(residentProfiles, eq(residentProfiles.userId, helpRequests.residentId))
          .where(inArray(helpRequests.id, pageIds));
  const byId = new Map(details.map((row) => [row.id, row]));
  const rows = pageIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });

  const helperCounts = new Map<string, { placed: number; proposed: number }>();
  if (rows.length > 0) {
    const counted = await db
      .select({ requestId: matches.requestId, status: matches.status, n: count() })
      .from(matches)
      .where(
        and(
          inArray(
            matches.requestId,
            rows.map((r) => r.id),
          ),
          inArray(matches.status, ['proposed', ...placedStatuses]),
        ),
      )
      .groupBy(matches.requestId, matches.status);
    for (const { requestId, status, n } of counted) {
      const entry = helperCounts.get(requestId) ?? { placed: 0, proposed: 0 };
      if (status === 'proposed') entry.proposed += n;
      else entry.placed += n;
      helperCounts.set(requestId, entry);
    }
  }

  return {
    rows: rows.map((r) => ({
      id: r.id,
      status: r.status,
      category: r.category,
      urgency: r.urgency,
      district: { code: r.districtCode, name: r.districtName, nameEn: r.districtNameEn },
      windowStart: r.windowStart.toISOString(),
      windowEnd: r.windowEnd.toISOString(),
      asSoonAsPossible: r.asSoonAsPossible,
      createdAt: r.createdAt.toISOString(),
      waitingSince: waitingStatuses.includes(r.status)
        ? (r.matchingSince ?? r.createdAt).toISOString()
        : null,
      resident: { fullName: r.fullName, fullNameKana: r.fullNameKana },
      peopleNeeded: r.peopleNeeded,
      helpers: helperCounts.get(r.id) ?? { placed: 0, proposed: 0 },
    })),
    total,
    page,
    perPage,
    pageCount,
  };
}
