import { sql } from 'drizzle-orm';
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
