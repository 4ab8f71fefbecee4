import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';

/**
 * `volunteer_profiles.insurance_expires_on` is derived from the centre's enrolments: the latest
 * day any of them covers. Only the enrolment use cases (and the seed) call this, in the
 * transaction that changed the enrolments; the matcher reads the column. The use cases refuse a
 * next-year enrolment without this year's full cover, so the latest day never skips a gap.
 */
export async function refreshInsuranceCover(
  db: DbOrTx,
  volunteerIds: readonly string[],
): Promise<void> {
  if (volunteerIds.length === 0) return;
  await db.execute(sql`
    update volunteer_profiles vp
    set insurance_expires_on = (
      select max(e.covers_until) from insurance_enrolments e where e.volunteer_id = vp.user_id)
    where vp.user_id = any(${sql.param([...volunteerIds])}::uuid[])`);
}
