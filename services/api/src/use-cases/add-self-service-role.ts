import type { Database } from '@sasaeai/db/client';
import { auditEvents } from '@sasaeai/db/schema';
import type { SelfServiceRole } from '@sasaeai/contracts';
import { addRoles, type SessionUser } from '../repositories/users-repository.ts';
import { createRoleProfiles } from './role-profiles.ts';

/** "Those who are supported can also be active": a resident becomes a volunteer in one step. */
export async function addSelfServiceRole(
  db: Database,
  user: SessionUser,
  role: SelfServiceRole,
): Promise<void> {
  await db.transaction(async (tx) => {
    await addRoles(tx, user.id, [{ role, districtId: null }], user.id);
    await createRoleProfiles(tx, user.id, user.displayName, [role]);
    await tx.insert(auditEvents).values({
      actorId: user.id,
      action: 'account.role_added',
      subjectType: 'user',
      subjectId: user.id,
      details: { role },
    });
  });
}
