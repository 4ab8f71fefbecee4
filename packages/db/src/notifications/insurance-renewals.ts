import { sql } from 'drizzle-orm';
import { fiscalYearOfDate, jstToday, renewalDueFor } from '@sasaeai/core';
import type { DbOrTx } from '../client.ts';
import type { NotificationPlan } from './plan.ts';

/** A renewal reminder's key names the volunteer and the fiscal year it is for. */
export const INSURANCE_RENEWAL_PREFIX = 'insurance.renewal_due:';

/**
 * Active volunteers whose insurance must be renewed: cover (the centre's record, as
 * derived into `insurance_expires_on`) ending within `daysBefore` days, or no cover today from
 * `daysBefore` days before the snow season until it ends. One reminder per volunteer and fiscal
 * year: the key names both, so any number of scans write it once.
 */
export async function planInsuranceRenewals(
  db: DbOrTx,
  now: Date,
  daysBefore: number,
): Promise<NotificationPlan[]> {
  const today = jstToday(now);
  const uncoveredDue = renewalDueFor(null, today, daysBefore) !== null;
  const rows = await db.execute<{
    user_id: string;
    covered_until: string | null;
    district_id: string | null;
  }>(sql`
    select vp.user_id::text as user_id, vp.insurance_expires_on::text as covered_until,
      (select vd.district_id::text from volunteer_districts vd join districts d on d.id = vd.district_id
        where vd.volunteer_id = vp.user_id order by d.code limit 1) as district_id
    from volunteer_profiles vp join users u on u.id = vp.user_id
    where vp.verification = 'active' and u.anonymised_at is null
      and (
        (vp.insurance_expires_on >= ${today}::date
          and vp.insurance_expires_on - ${daysBefore}::int <= ${today}::date)
        or (${uncoveredDue} and (vp.insurance_expires_on is null
          or vp.insurance_expires_on < ${today}::date))
      )
      and not exists (
        select 1 from notifications n
        where n.user_id = vp.user_id and n.event_type = 'insurance.renewal_due'
          and n.event_key = ${INSURANCE_RENEWAL_PREFIX} || vp.user_id::text || ':' || (
            case when vp.insurance_expires_on >= ${today}::date
              then ${sql.raw(fiscalYearSql('vp.insurance_expires_on + 1'))}
              else ${fiscalYearOfDate(today)} end)::text
      )`);
  return rows.flatMap((row) => {
    const fiscalYear = renewalDueFor(row.covered_until, today, daysBefore);
    if (fiscalYear === null) return [];
    return [
      {
        userId: row.user_id,
        eventType: 'insurance.renewal_due' as const,
        eventKey: `${INSURANCE_RENEWAL_PREFIX}${row.user_id}:${String(fiscalYear)}`,
        matchId: null,
        requestId: null,
        districtId: row.district_id,
      },
    ];
  });
}

/** The fiscal year of a date expression, in SQL (April–March). */
function fiscalYearSql(date: string): string {
  return `(extract(year from ${date}) - case when extract(month from ${date}) < 4 then 1 else 0 end)::int`;
}

export interface InsuranceFacts {
  fiscalYear: number;
  coveredUntil: string | null;
  centrePhone: string | null;
}

/** What a renewal reminder says, read at send time: the cover now and the centre's phone. */
export async function loadInsuranceFacts(
  db: DbOrTx,
  userId: string,
  eventKey: string,
  districtId: string | null,
): Promise<InsuranceFacts | null> {
  const fiscalYear = Number(eventKey.split(':').at(-1));
  if (!Number.isInteger(fiscalYear)) return null;
  const [row] = await db.execute<{ covered_until: string | null; phone: string | null }>(sql`
    select vp.insurance_expires_on::text as covered_until,
      (select c.phone from volunteer_centres c
        where c.district_id = ${districtId}::uuid and c.phone is not null
        order by (c.status = 'open') desc limit 1) as phone
    from volunteer_profiles vp where vp.user_id = ${userId}`);
  return row ? { fiscalYear, coveredUntil: row.covered_until, centrePhone: row.phone } : null;
}
