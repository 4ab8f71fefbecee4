import type { Database } from '@sasaeai/db/client';
import { auditEvents } from '@sasaeai/db/schema';
import { districtScopedRoles, type GrantRoleBody } from '@sasaeai/contracts';
import { AppError } from '../errors/app-error.ts';
import {
  addRoles,
  districtIdsByCode,
  userExists,
  type SessionUser,
} from '../repositories/users-repository.ts';

/** An admin grants a role; a coordinator's or 民生委員's role is scoped to the named districts. */
export async function grantRole(
  db: Database,
  actor: SessionUser,
  input: GrantRoleBody,
): Promise<void> {
  if (!(await userExists(db, input.userId))) throw new AppError('not_found');
  const scoped = (districtScopedRoles as readonly string[]).includes(input.role);
  const ids = await districtIdsByCode(db, scoped ? input.districts : []);
  const unknown = scoped ? input.districts.filter((code) => !ids.has(code)) : [];
  if (unknown.length > 0) {
    throw new AppError(
      'validation_failed',
      undefined,
      unknown.map((code) => ({
        field: `body.districts.${input.districts.indexOf(code)}`,
        message: { ja: `地区「${code}」はありません。`, en: `There is no district "${code}".` },
      })),
    );
  }
  const grants = scoped
    ? [...ids.values()].map((districtId) => ({ role: input.role, districtId }))
    : [{ role: input.role, districtId: null }];
  await db.transaction(async (tx) => {
    await addRoles(tx, input.userId, grants, actor.id);
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: 'role.granted',
      subjectType: 'user',
      subjectId: input.userId,
      details: { role: input.role, districts: scoped ? input.districts : [] },
    });
  });
}
