import { and, asc, desc, eq, gte, lt } from 'drizzle-orm';
import type { DbOrTx } from '@sasaeai/db/client';
import {
  districts,
  helpRequests,
  matches,
  users,
  volunteerDistricts,
  volunteerProfiles,
} from '@sasaeai/db/schema';

/** Who a volunteer is for their records: a group by its name, anyone else by their name. */
export async function volunteerIdentity(db: DbOrTx, volunteerId: string) {
  const [row] = await db
    .select({
      displayName: users.displayName,
      kind: volunteerProfiles.kind,
      groupName: volunteerProfiles.groupName,
      headcount: volunteerProfiles.headcount,
    })
    .from(volunteerProfiles)
    .innerJoin(users, eq(users.id, volunteerProfiles.userId))
    .where(eq(volunteerProfiles.userId, volunteerId))
    .limit(1);
  if (!row) return null;
  const name = row.kind === 'group' && row.groupName ? row.groupName : row.displayName;
  return { name, kind: row.kind, headcount: row.headcount };
}

/** The times of every completed match of a volunteer (a few thousand at most a lifetime). */
export function completedTimes(db: DbOrTx, volunteerId: string) {
  return db
    .select({
      minutesSpent: matches.minutesSpent,
      windowStart: helpRequests.windowStart,
      windowEnd: helpRequests.windowEnd,
      districtId: helpRequests.districtId,
    })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(and(eq(matches.volunteerId, volunteerId), eq(matches.status, 'completed')));
}

/** One page of a volunteer's completed matches in [start, end), newest first. */
export function completedPage(
  db: DbOrTx,
  volunteerId: string,
  range: { start: Date; end: Date },
  page: { limit: number; offset: number },
) {
  return db
    .select({
      matchId: matches.id,
      minutesSpent: matches.minutesSpent,
      windowStart: helpRequests.windowStart,
      windowEnd: helpRequests.windowEnd,
      category: helpRequests.category,
      districtName: districts.name,
      districtNameEn: districts.nameEn,
    })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .innerJoin(districts, eq(districts.id, helpRequests.districtId))
    .where(
      and(
        eq(matches.volunteerId, volunteerId),
        eq(matches.status, 'completed'),
        gte(helpRequests.windowStart, range.start),
        lt(helpRequests.windowStart, range.end),
      ),
    )
    .orderBy(desc(helpRequests.windowStart), asc(matches.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** The first district a volunteer registered to serve, if any. */
export async function firstServedDistrict(db: DbOrTx, volunteerId: string) {
  const [row] = await db
    .select({ districtId: volunteerDistricts.districtId })
    .from(volunteerDistricts)
    .where(eq(volunteerDistricts.volunteerId, volunteerId))
    .orderBy(asc(volunteerDistricts.createdAt))
    .limit(1);
  return row?.districtId ?? null;
}

export async function districtName(db: DbOrTx, districtId: string) {
  const [row] = await db
    .select({ name: districts.name })
    .from(districts)
    .where(eq(districts.id, districtId));
  return row?.name ?? '';
}
