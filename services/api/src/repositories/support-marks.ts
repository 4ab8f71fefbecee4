import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@sasaeai/db/client';
import { volunteerIntroductions, volunteerProfiles } from '@sasaeai/db/schema';
import type { SupportMarks } from '@sasaeai/contracts';

/**
 * Columns for a query over `volunteer_profiles`: the marks a coordinator sees beside a
 * volunteer. The first-task mark holds until the volunteer has completed a task, as the
 * matcher's buddy rule does; the introduction is only a yes/no here.
 */
export const supportMarkColumns = {
  firstTaskWithBuddy: sql<boolean>`(${volunteerProfiles.firstTaskWithBuddy} and not exists (
    select 1 from matches m
    where m.volunteer_id = ${volunteerProfiles.userId} and m.status = 'completed'))`,
  preferQuiet: volunteerProfiles.preferQuiet,
  introduced: sql<boolean>`exists (
    select 1 from ${volunteerIntroductions} vi
    where vi.volunteer_id = ${volunteerProfiles.userId})`,
};

export function supportMarksOf(row: SupportMarks): SupportMarks {
  return {
    firstTaskWithBuddy: row.firstTaskWithBuddy,
    preferQuiet: row.preferQuiet,
    introduced: row.introduced,
  };
}

/** The marks of these volunteers, by id (for cards that list matches). */
export async function supportMarksFor(
  db: DbOrTx,
  volunteerIds: readonly string[],
): Promise<Map<string, SupportMarks>> {
  if (volunteerIds.length === 0) return new Map();
  const rows = await db
    .select({ id: volunteerProfiles.userId, ...supportMarkColumns })
    .from(volunteerProfiles)
    .where(inArray(volunteerProfiles.userId, [...new Set(volunteerIds)]));
  return new Map(rows.map((row) => [row.id, supportMarksOf(row)]));
}
