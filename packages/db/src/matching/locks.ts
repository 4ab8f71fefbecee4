import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';

/**
 * PostgreSQL advisory-lock keys for matching (two-key form: namespace, hashtext(id)).
 * - district: one matching run per district at a time, across every worker process;
 * - volunteer: held while proposals for a volunteer are re-checked and written, so runs for two
 *   districts the volunteer serves cannot both book them. Anything else that books a volunteer
 *   (e.g. a coordinator's manual assignment) can take the same lock in its transaction.
 */
export const DISTRICT_LOCK_NAMESPACE = 0x5a5a_0001;
export const VOLUNTEER_LOCK_NAMESPACE = 0x5a5a_0002;

/** Tries the district's lock for the rest of the caller's transaction; false when taken. */
export async function tryLockDistrict(tx: DbOrTx, districtId: string): Promise<boolean> {
  const [row] = await tx.execute<{ locked: boolean }>(
    sql`select pg_try_advisory_xact_lock(${DISTRICT_LOCK_NAMESPACE}, hashtext(${districtId})) as locked`,
  );
  return row?.locked === true;
}

/**
 * Waits for the volunteers' locks, for the rest of the caller's transaction. Keys are taken in
 * key order, each once, so two transactions never wait on each other in a cycle.
 */
export async function lockVolunteers(tx: DbOrTx, volunteerIds: readonly string[]): Promise<void> {
  if (volunteerIds.length === 0) return;
  await tx.execute(sql`
    select pg_advisory_xact_lock(${VOLUNTEER_LOCK_NAMESPACE}, k.key)
    from (
      select distinct hashtext(id) as key
      from unnest(${sql.param([...volunteerIds])}::text[]) as id
      order by 1
    ) as k`);
}
