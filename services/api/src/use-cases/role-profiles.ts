import type { DbOrTx } from '@sasaeai/db/client';
import { residentProfiles, volunteerProfiles } from '@sasaeai/db/schema';
import type { SelfServiceRole } from '@sasaeai/contracts';

/**
 * Each self-service role has a profile row: a resident's holds contact details (filled in when
 * they first ask for help), a volunteer's starts `pending` until a coordinator verifies it.
 */
export async function createRoleProfiles(
  db: DbOrTx,
  userId: string,
  displayName: string,
  roles: readonly SelfServiceRole[],
): Promise<void> {
  if (roles.includes('resident')) {
    await db
      .insert(residentProfiles)
      .values({
        userId,
        fullName: displayName,
        consentAt: new Date(),
        consentMethod: 'self_signup',
      })
      .onConflictDoNothing();
  }
  if (roles.includes('volunteer')) {
    await db.insert(volunteerProfiles).values({ userId }).onConflictDoNothing();
  }
}
