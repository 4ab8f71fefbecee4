import { sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import type { Logger } from '../logger.ts';

/**
 * The SMS / LINE side of retention, run with the requests' (see retention.ts):
 * - an anonymised account keeps no notification preferences (SMS number, LINE id, link code) —
 *   anonymisation deletes them; this catches accounts anonymised before it did;
 * - an inbound message loses its text and sender once its sender's account is anonymised, once
 *   it came from a number or LINE id such an account had, or once it is older than the shortest
 *   retention period any district keeps (it belongs to no one district); the row stays;
 * - a LINE link code past its expiry is cleared.
 * Batches under `skip locked`; an erased row is not touched again. Logs counts only.
 */
export async function eraseExpiredContactData(
  deps: { db: Database; logger?: Logger | undefined },
  now: Date,
  erased: string,
  defaultMonths: number,
  batchSize = 500,
): Promise<{ contactsErased: number }> {
  const at = now.toISOString();
  const [gone] = await deps.db.execute<{ preferences: number; inbound: number }>(sql`
    with gone as (
      delete from notification_preferences p
      using users u
      where u.id = p.user_id and u.anonymised_at is not null
      returning p.user_id, p.sms_phone, p.line_user_id
    ),
    senders as (
      update inbound_messages m set sender = ${erased}, body = ${erased}
      from gone
      where m.sender in (gone.sms_phone, gone.line_user_id) and m.sender <> ${erased}
        and (m.user_id is null or m.user_id = gone.user_id)
      returning m.id
    )
    select (select count(*) from gone)::int as preferences,
           (select count(*) from senders)::int as inbound`);
  const codes = await deps.db.execute<{ user_id: string }>(sql`
    update notification_preferences
    set line_link_code = null, line_link_code_expires_at = null
    where line_link_code is not null and line_link_code_expires_at < ${at}::timestamptz
    returning user_id`);
  let inbound = gone?.inbound ?? 0;
  for (;;) {
    const rows = await deps.db.execute<{ id: string }>(sql`
      with period as (
        select least(${defaultMonths}, coalesce(min(retention_months), ${defaultMonths})) as months
        from district_settings
      ),
      due as (
        select m.id
        from inbound_messages m
        left join users u on u.id = m.user_id
        where m.sender <> ${erased}
          and (
            u.anonymised_at is not null
            or m.created_at < ${at}::timestamptz
              - make_interval(months => (select months from period))
          )
        limit ${batchSize}
        for update of m skip locked
      )
      update inbound_messages m set sender = ${erased}, body = ${erased}
      from due where m.id = due.id
      returning m.id`);
    inbound += rows.length;
    if (rows.length < batchSize) break;
  }
  const preferences = gone?.preferences ?? 0;
  const contactsErased = preferences + codes.length + inbound;
  if (contactsErased > 0) {
    deps.logger?.info(
      { preferences, linkCodes: codes.length, inbound },
      'contact data past retention erased',
    );
  }
  return { contactsErased };
}
