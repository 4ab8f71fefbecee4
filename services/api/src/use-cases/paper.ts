import type { ActivitySheet, MatchStatus, PrintableNotice } from '@sasaeai/contracts';
import { instantInJapan, jstMonthOf } from '@sasaeai/core';
import type { Database } from '@sasaeai/db/client';
import { helperNameOf } from '@sasaeai/db/notifications';
import {
  districts,
  helpRequests,
  matches,
  residentProfiles,
  users,
  volunteerCentres,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { AppError } from '../errors/app-error.ts';

/** The district's open centre (its public phone), else any centre of the district. */
export async function centreOf(db: Database, districtId: string) {
  const rows = await db
    .select({
      name: volunteerCentres.name,
      phone: volunteerCentres.phone,
      status: volunteerCentres.status,
    })
    .from(volunteerCentres)
    .where(eq(volunteerCentres.districtId, districtId))
    .orderBy(asc(volunteerCentres.createdAt));
  const centre = rows.find((row) => row.status === 'open') ?? rows[0];
  return centre ? { name: centre.name, phone: centre.phone } : null;
}

/** The helpers of some requests, as a resident may know them, per request. */
async function helpersOf(db: Database, requestIds: string[], statuses: readonly MatchStatus[]) {
  const byRequest = new Map<string, string[]>();
  if (requestIds.length === 0) return byRequest;
  const rows = await db
    .select({
      requestId: matches.requestId,
      displayName: users.displayName,
      kind: volunteerProfiles.kind,
      groupName: volunteerProfiles.groupName,
    })
    .from(matches)
    .innerJoin(users, eq(users.id, matches.volunteerId))
    .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, matches.volunteerId))
    .where(and(inArray(matches.requestId, requestIds), inArray(matches.status, [...statuses])))
    .orderBy(asc(matches.slot));
  for (const row of rows) {
    const list = byRequest.get(row.requestId) ?? [];
    list.push(helperNameOf(row));
    byRequest.set(row.requestId, list);
  }
  return byRequest;
}

async function residentNameOf(db: Database, residentId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ fullName: residentProfiles.fullName, displayName: users.displayName })
    .from(users)
    .leftJoin(residentProfiles, eq(residentProfiles.userId, users.id))
    .where(eq(users.id, residentId));
  return row ? (row.fullName ?? row.displayName) : undefined;
}

/** A request's district (for the authorization check) before anything else is read. */
export async function requestDistrict(db: Database, requestId: string) {
  const [row] = await db
    .select({ districtId: helpRequests.districtId })
    .from(helpRequests)
    .where(eq(helpRequests.id, requestId));
  if (!row) throw new AppError('not_found');
  return row.districtId;
}

/** Whose household a request is, and in which district. */
export async function requestHousehold(db: Database, requestId: string) {
  const [row] = await db
    .select({ residentId: helpRequests.residentId, districtId: helpRequests.districtId })
    .from(helpRequests)
    .where(eq(helpRequests.id, requestId));
  if (!row) throw new AppError('not_found');
  return row;
}

export async function loadPrintableNotice(
  db: Database,
  requestId: string,
): Promise<PrintableNotice> {
  const [request] = await db
    .select({
      residentId: helpRequests.residentId,
      category: helpRequests.category,
      windowStart: helpRequests.windowStart,
      windowEnd: helpRequests.windowEnd,
      districtId: helpRequests.districtId,
      district: districts.name,
    })
    .from(helpRequests)
    .innerJoin(districts, eq(districts.id, helpRequests.districtId))
    .where(eq(helpRequests.id, requestId));
  if (!request) throw new AppError('not_found');
  const helpers = (await helpersOf(db, [requestId], ['accepted'])).get(requestId) ?? [];
  if (helpers.length === 0) {
    throw new AppError('conflict', {
      ja: 'まだ 手伝う 人が 決まって いません。引き受けた あとに 印刷できます。',
      en: 'No helper has accepted yet; the notice can be printed once one has.',
    });
  }
  return {
    requestId,
    residentName: (await residentNameOf(db, request.residentId)) ?? '',
    category: request.category,
    windowStart: request.windowStart.toISOString(),
    windowEnd: request.windowEnd.toISOString(),
    helpers,
    district: request.district,
    centre: await centreOf(db, request.districtId),
  };
}

/** This month in Japan, `YYYY-MM`. */
export function currentMonthJst(now = new Date()): string {
  return jstMonthOf(now);
}

/** A household's district: its profile's, else that of its newest request. */
export async function residentDistrict(db: Database, residentId: string): Promise<string> {
  const [profile] = await db
    .select({ districtId: residentProfiles.districtId })
    .from(residentProfiles)
    .where(eq(residentProfiles.userId, residentId));
  if (profile?.districtId) return profile.districtId;
  const [request] = await db
    .select({ districtId: helpRequests.districtId })
    .from(helpRequests)
    .where(eq(helpRequests.residentId, residentId))
    .orderBy(asc(helpRequests.createdAt))
    .limit(1);
  if (!request) throw new AppError('not_found');
  return request.districtId;
}

export async function loadActivitySheet(
  db: Database,
  input: { residentId: string; districtId: string; month: string },
): Promise<ActivitySheet> {
  const [year, month] = input.month.split('-').map(Number) as [number, number];
  const start = instantInJapan(year, month);
  const end = instantInJapan(year, month + 1);
  const residentName = await residentNameOf(db, input.residentId);
  if (residentName === undefined) throw new AppError('not_found');
  const requests = await db
    .select({
      id: helpRequests.id,
      windowStart: helpRequests.windowStart,
      category: helpRequests.category,
      status: helpRequests.status,
    })
    .from(helpRequests)
    .where(
      and(
        eq(helpRequests.residentId, input.residentId),
        eq(helpRequests.districtId, input.districtId),
        gte(helpRequests.windowStart, start),
        lt(helpRequests.windowStart, end),
      ),
    )
    .orderBy(asc(helpRequests.windowStart));
  const ids = requests.map((r) => r.id);
  const helpers = await helpersOf(db, ids, ['accepted', 'completed']);
  const minutes = new Map<string, number>();
  if (ids.length > 0) {
    const done = await db
      .select({ requestId: matches.requestId, minutes: matches.minutesSpent })
      .from(matches)
      .where(and(inArray(matches.requestId, ids), eq(matches.status, 'completed')));
    for (const row of done) {
      if (row.minutes !== null)
        minutes.set(row.requestId, (minutes.get(row.requestId) ?? 0) + row.minutes);
    }
  }
  const [district] = await db
    .select({ name: districts.name })
    .from(districts)
    .where(eq(districts.id, input.districtId));
  return {
    residentId: input.residentId,
    residentName,
    month: input.month,
    district: district?.name ?? '',
    centre: await centreOf(db, input.districtId),
    rows: requests.map((r) => ({
      requestId: r.id,
      windowStart: r.windowStart.toISOString(),
      category: r.category,
      status: r.status,
      helpers: helpers.get(r.id) ?? [],
      minutes: minutes.get(r.id) ?? null,
    })),
  };
}
