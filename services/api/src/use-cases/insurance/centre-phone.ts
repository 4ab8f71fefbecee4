import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@sasaeai/db/client';

/** The public phone of an open centre of one of the volunteer's districts (null: none known). */
export async function centrePhoneFor(db: DbOrTx, volunteerId: string): Promise<string | null> {
  const [row] = await db.execute<{ phone: string }>(sql`
    select c.phone from volunteer_centres c
    join volunteer_districts vd on vd.district_id = c.district_id
    where vd.volunteer_id = ${volunteerId} and c.phone is not null
    order by (c.status = 'open') desc, c.district_id
    limit 1`);
  return row?.phone ?? null;
}
