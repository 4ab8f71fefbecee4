import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@sasaeai/db/client';
import type { InsuranceEnrolment, InsurancePlan, InsuranceRoster } from '@sasaeai/contracts';
import { coverGapOn } from '@sasaeai/core';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { listPlans, volunteersInScope } from './scope.ts';

type EnrolmentRow = {
  enrolment_id: string | null;
  fiscal_year: number | null;
  plan_id: string | null;
  enrolled_on: string | null;
  covers_until: string | null;
  source: 'centre' | 'migrated' | null;
};

export function enrolmentOf(
  row: EnrolmentRow,
  plans: ReadonlyMap<string, InsurancePlan>,
): InsuranceEnrolment | null {
  if (row.enrolment_id === null || row.fiscal_year === null || row.covers_until === null) {
    return null;
  }
  return {
    id: row.enrolment_id,
    fiscalYear: row.fiscal_year,
    plan: row.plan_id === null ? null : (plans.get(row.plan_id) ?? null),
    enrolledOn: row.enrolled_on,
    coversUntil: row.covers_until,
    source: row.source ?? 'centre',
  };
}

/**
 * The insurance roster of the actor's volunteers for a fiscal year: each one's enrolment, the
 * day matching reads (`insurance_expires_on`, derived from the enrolments) and, for an active
 * volunteer not covered today, why they are blocked from matching.
 */
export async function insuranceRoster(
  db: DbOrTx,
  actor: SessionUser,
  fiscalYear: number,
  today: string,
): Promise<InsuranceRoster> {
  const plans = await listPlans(db);
  const planById = new Map(plans.map((p) => [p.id, p]));
  const rows = await db.execute<
    EnrolmentRow & {
      volunteer_id: string;
      display_name: string;
      verification: 'pending' | 'active' | 'suspended';
      covered_until: string | null;
      districts: { name: string; nameEn: string }[];
    }
  >(sql`
    select vp.user_id::text as volunteer_id, u.display_name, vp.verification::text as verification,
      vp.insurance_expires_on::text as covered_until,
      (select coalesce(json_agg(json_build_object('name', d.name, 'nameEn', d.name_en) order by d.code), '[]')
        from volunteer_districts vd join districts d on d.id = vd.district_id
        where vd.volunteer_id = vp.user_id) as districts,
      e.id::text as enrolment_id, e.fiscal_year, e.plan_id::text as plan_id,
      e.enrolled_on::text as enrolled_on, e.covers_until::text as covers_until, e.source
    from volunteer_profiles vp
    join users u on u.id = vp.user_id
    left join insurance_enrolments e on e.volunteer_id = vp.user_id and e.fiscal_year = ${fiscalYear}
    where u.anonymised_at is null and ${volunteersInScope(actor)}
    order by u.display_name, vp.user_id`);
  return {
    fiscalYear,
    today,
    plans,
    volunteers: rows.map((row) => ({
      volunteerId: row.volunteer_id,
      displayName: row.display_name,
      districts: row.districts,
      verification: row.verification,
      enrolment: enrolmentOf(row, planById),
      coveredUntil: row.covered_until,
      blocked: row.verification === 'active' ? coverGapOn(row.covered_until, today) : null,
    })),
  };
}
