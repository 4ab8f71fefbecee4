import { eq } from 'drizzle-orm';
import type { TestDatabase } from '@sasaeai/db/testing';
import { insuranceEnrolments, insurancePlans, volunteerProfiles } from '@sasaeai/db/schema';
import { fiscalYearOfDate, insuranceCoversUntil, jstToday } from '@sasaeai/core';
import { makeVolunteer } from './help-loop-fixtures.ts';

export const today = jstToday(new Date());
export const thisYear = fiscalYearOfDate(today);

export async function planIds(database: TestDatabase) {
  const plans = await database.db.select().from(insurancePlans);
  const byCode = new Map(plans.map((p) => [p.code, p.id]));
  return { basic: byCode.get('basic')!, disaster: byCode.get('disaster')! };
}

/**
 * An active volunteer as the migration leaves one: no enrolment at all (`'none'`) or last
 * year's self-declared date, kept as a migrated enrolment (`'expired'`).
 */
export async function uninsuredVolunteer(
  database: TestDatabase,
  district: string,
  state: 'none' | 'expired',
) {
  const volunteer = await makeVolunteer(database, district);
  const lastYearEnd = insuranceCoversUntil(thisYear - 1);
  await database.db
    .update(volunteerProfiles)
    .set({ insuranceExpiresOn: state === 'none' ? null : lastYearEnd })
    .where(eq(volunteerProfiles.userId, volunteer.id));
  if (state === 'expired') {
    await database.db.insert(insuranceEnrolments).values({
      volunteerId: volunteer.id,
      fiscalYear: thisYear - 1,
      coversUntil: lastYearEnd,
      source: 'migrated',
    });
  }
  return volunteer;
}
