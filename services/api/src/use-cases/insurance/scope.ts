import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@sasaeai/db/client';
import { insurancePlans } from '@sasaeai/db/schema';
import type { InsurancePlan } from '@sasaeai/contracts';
import { asc } from 'drizzle-orm';
import { districtIdsFor, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

/**
 * The volunteers whose insurance the actor keeps: those serving one of a coordinator's
 * districts; every volunteer for an admin. A condition on `vp` (volunteer_profiles).
 */
export function volunteersInScope(actor: SessionUser): SQL {
  if (hasRole(actor, 'admin')) return sql`true`;
  const ids = districtIdsFor(actor, 'coordinator');
  return sql`exists (select 1 from volunteer_districts vd
    where vd.volunteer_id = vp.user_id and vd.district_id = any(${sql.param(ids)}::uuid[]))`;
}

/** One district of the volunteer the actor may act in (for the audit row), or null. */
export function auditDistrictOf(actor: SessionUser): SQL {
  if (hasRole(actor, 'admin')) {
    return sql`(select vd.district_id from volunteer_districts vd
      where vd.volunteer_id = vp.user_id order by vd.district_id limit 1)`;
  }
  const ids = districtIdsFor(actor, 'coordinator');
  return sql`(select vd.district_id from volunteer_districts vd
    where vd.volunteer_id = vp.user_id and vd.district_id = any(${sql.param(ids)}::uuid[])
    order by vd.district_id limit 1)`;
}

export const planColumns = {
  id: insurancePlans.id,
  code: insurancePlans.code,
  nameJa: insurancePlans.nameJa,
  nameEn: insurancePlans.nameEn,
  premiumYen: insurancePlans.premiumYen,
  active: insurancePlans.active,
};

export async function listPlans(db: DbOrTx): Promise<InsurancePlan[]> {
  return db.select(planColumns).from(insurancePlans).orderBy(asc(insurancePlans.premiumYen));
}
