import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { insurancePlans } from '../schema/index.ts';

export interface InsurancePlanSeed {
  code: string;
  nameJa: string;
  nameEn: string;
  premiumYen: number;
}

/**
 * The plans of the 社会福祉協議会's volunteer activity insurance the demo offers. Indicative
 * yearly premiums; the centre's own figures are data, edited in the database, not here.
 */
export const DEMO_INSURANCE_PLANS: readonly InsurancePlanSeed[] = [
  { code: 'basic', nameJa: '基本プラン', nameEn: 'Basic plan', premiumYen: 350 },
  {
    code: 'disaster',
    nameJa: '天災プラン（地震・津波・噴火を含む）',
    nameEn: 'Natural-disaster plan (earthquake, tsunami, eruption)',
    premiumYen: 500,
  },
];

/** Adds the plans that are missing; a plan the centre has edited is kept. */
export async function seedInsurancePlans(
  db: DbOrTx,
  data: readonly InsurancePlanSeed[] = DEMO_INSURANCE_PLANS,
): Promise<void> {
  await db
    .insert(insurancePlans)
    .values([...data])
    .onConflictDoNothing();
}

/**
 * The centre's record for every seeded volunteer with an insurance date: an enrolment of that
 * date's fiscal year (mostly the basic plan) in its first two months, recorded by the demo
 * coordinator. Volunteers without a date stay unenrolled; expired ones keep last year's only.
 */
export async function seedInsuranceEnrolments(
  db: DbOrTx,
  options: { today: string; recordedBy: string },
): Promise<void> {
  await db.execute(sql`
    insert into insurance_enrolments
      (volunteer_id, fiscal_year, plan_id, enrolled_on, covers_until, source, recorded_by, recorded_at)
    select v.user_id, v.fy, p.id,
      least(make_date(v.fy, 4, 1) + (abs(hashtext(v.user_id::text)) % 60), ${options.today}::date),
      v.insurance_expires_on, 'centre', ${options.recordedBy}::uuid, now()
    from (
      select vp.user_id, vp.insurance_expires_on,
        (extract(year from vp.insurance_expires_on)
          - case when extract(month from vp.insurance_expires_on) < 4 then 1 else 0 end)::int as fy
      from volunteer_profiles vp
      where vp.insurance_expires_on is not null
    ) v
    join insurance_plans p
      on p.code = case when abs(hashtext(v.user_id::text)) % 5 = 0 then 'disaster' else 'basic' end
    where v.insurance_expires_on = make_date(v.fy + 1, 3, 31)
    on conflict (volunteer_id, fiscal_year) do nothing`);
}
