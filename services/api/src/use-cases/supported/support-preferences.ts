import { eq } from 'drizzle-orm';
import type { Database, DbOrTx } from '@sasaeai/db/client';
import { auditEvents, volunteerProfiles } from '@sasaeai/db/schema';
import type { SupportPreferences } from '@sasaeai/contracts';
import { AppError } from '../../errors/app-error.ts';

/** The volunteer's own supported-volunteering wishes; 404 without a volunteer profile. */
export async function loadSupportPreferences(
  db: DbOrTx,
  volunteerId: string,
): Promise<SupportPreferences> {
  const [row] = await db
    .select({
      firstTaskWithBuddy: volunteerProfiles.firstTaskWithBuddy,
      preferQuiet: volunteerProfiles.preferQuiet,
    })
    .from(volunteerProfiles)
    .where(eq(volunteerProfiles.userId, volunteerId))
    .limit(1);
  if (!row) throw new AppError('not_found');
  return row;
}

/**
 * Sets them. Not a profile change that needs verifying again: they only narrow and order what
 * the matcher proposes. The audit row names the fields, nothing more.
 */
export async function saveSupportPreferences(
  db: Database,
  volunteerId: string,
  preferences: SupportPreferences,
): Promise<SupportPreferences> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(volunteerProfiles)
      .set(preferences)
      .where(eq(volunteerProfiles.userId, volunteerId))
      .returning({ userId: volunteerProfiles.userId });
    if (updated.length === 0) throw new AppError('not_found');
    await tx.insert(auditEvents).values({
      actorId: volunteerId,
      action: 'volunteer.support_preferences_set',
      subjectType: 'volunteer',
      subjectId: volunteerId,
      details: { fields: ['firstTaskWithBuddy', 'preferQuiet'] },
    });
    return preferences;
  });
}
