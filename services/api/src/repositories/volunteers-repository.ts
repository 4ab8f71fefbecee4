import { asc, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@sasaeai/db/client';
import { districts, users, volunteerDistricts, volunteerProfiles } from '@sasaeai/db/schema';
import type { VolunteerSummary } from '@sasaeai/contracts';
import { supportMarkColumns } from './support-marks.ts';

/**
 * The volunteers serving the district, and those verified while serving it who have since moved
 * away (`servesHere: false`): its coordinators may still suspend them.
 */
export async function listDistrictVolunteers(
  db: DbOrTx,
  districtId: string,
  {
    withSupport = false,
    limit,
    offset = 0,
  }: { withSupport?: boolean; limit?: number; offset?: number } = {},
): Promise<VolunteerSummary[]> {
  const servesHere = sql<boolean>`exists (
    select 1 from ${volunteerDistricts} vd
    where vd.volunteer_id = ${volunteerProfiles.userId} and vd.district_id = ${districtId})`;
  const rows = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      kind: volunteerProfiles.kind,
      headcount: volunteerProfiles.headcount,
      verification: volunteerProfiles.verification,
      trusted: volunteerProfiles.trusted,
      districts: sql<string[]>`(
        select coalesce(array_agg(d.code order by d.code), '{}')
        from ${volunteerDistricts} vd join ${districts} d on d.id = vd.district_id
        where vd.volunteer_id = ${users.id})`,
      servesHere,
      ...supportMarkColumns,
    })
    .from(volunteerProfiles)
    .innerJoin(users, eq(users.id, volunteerProfiles.userId))
    .where(or(servesHere, sql`${districtId}::uuid = any(${volunteerProfiles.verifiedDistrictIds})`))
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(limit ?? Number.MAX_SAFE_INTEGER)
    .offset(offset);
  return rows.map(({ firstTaskWithBuddy, preferQuiet, introduced, ...row }) =>
    withSupport && row.servesHere
      ? { ...row, support: { firstTaskWithBuddy, preferQuiet, introduced } }
      : row,
  );
}

/**
 * The districts a volunteer serves now, and those they served when last verified active (whose
 * coordinators may still suspend them after a move); null when there is no such volunteer.
 */
export async function volunteerDistrictIds(
  db: DbOrTx,
  volunteerId: string,
): Promise<{ serving: string[]; verifiedIn: string[] } | null> {
  const [profile] = await db
    .select({ verifiedIn: volunteerProfiles.verifiedDistrictIds })
    .from(volunteerProfiles)
    .where(eq(volunteerProfiles.userId, volunteerId))
    .limit(1);
  if (!profile) return null;
  const rows = await db
    .select({ districtId: volunteerDistricts.districtId })
    .from(volunteerDistricts)
    .where(eq(volunteerDistricts.volunteerId, volunteerId));
  return { serving: rows.map((row) => row.districtId), verifiedIn: profile.verifiedIn };
}
