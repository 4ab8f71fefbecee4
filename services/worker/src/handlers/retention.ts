import { sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import type { Logger } from '../logger.ts';
import { eraseExpiredContactData } from './contact-retention.ts';

/** Scheduled on the `maintenance` queue once a day (see schedules.ts). */
export const RETENTION_JOB = 'requests.retention';
export const RETENTION_INTERVAL_MS = 24 * 60 * 60_000;
/** The default when a district's centre has set nothing (district_settings.retention_months). */
export const DEFAULT_RETENTION_MONTHS = 36;
const ERASED = '削除済み';

/**
 * APPI retention: a finished (done or cancelled) request whose last change is older than its
 * district's retention period loses its address, notes and sensitive notes, and so do the
 * volunteer's wellbeing note, any concern written about it (with its case notes and referral
 * notes) and the text and sender of SMS / LINE
 * replies to its offers. The rows stay, so the council's
 * figures do not change. Batches of `batchSize` under `skip locked`; `anonymised_at` makes a
 * second run (or a second worker) a no-op. Logs counts only.
 */
export async function anonymiseExpiredRequests(
  deps: { db: Database; logger?: Logger | undefined },
  now: Date = new Date(),
  batchSize = 500,
): Promise<{ anonymised: number }> {
  let anonymised = 0;
  for (;;) {
    const rows = await deps.db.execute<{ id: string }>(sql`
      with due as (
        select r.id
        from help_requests r
        left join district_settings s on s.district_id = r.district_id
        where r.status in ('done', 'cancelled')
          and r.anonymised_at is null
          and r.updated_at < ${now.toISOString()}::timestamptz
            - make_interval(months => coalesce(s.retention_months, ${DEFAULT_RETENTION_MONTHS}))
        order by r.updated_at
        limit ${batchSize}
        for update of r skip locked
      ),
      cleared_matches as (
        update matches m set wellbeing_note = null
        from due where m.request_id = due.id and m.wellbeing_note is not null
      ),
      cleared_concerns as (
        update concerns c set note = null
        from due where c.request_id = due.id and c.note is not null
      ),
      cleared_case_notes as (
        update concern_notes n set body = ${ERASED}
        from concerns c, due
        where c.request_id = due.id and n.concern_id = c.id and n.body <> ${ERASED}
      ),
      cleared_referrals as (
        update concern_referrals f set note = null
        from concerns c, due
        where c.request_id = due.id and f.concern_id = c.id and f.note is not null
      ),
      cleared_replies as (
        update inbound_messages i set sender = ${ERASED}, body = ${ERASED}
        from matches m, due
        where m.request_id = due.id and i.match_id = m.id and i.sender <> ${ERASED}
      )
      update help_requests r
      set address = ${ERASED}, notes = null, sensitive_notes = null,
          sensitive_consent_at = null, anonymised_at = ${now.toISOString()}::timestamptz
      from due where r.id = due.id
      returning r.id`);
    anonymised += rows.length;
    if (rows.length < batchSize) break;
  }
  if (anonymised > 0)
    deps.logger?.info({ anonymised }, 'closed requests past retention anonymised');
  return { anonymised };
}

/** The daily job: finished requests past their period, then the SMS / LINE contact data. */
export async function runRetention(
  deps: { db: Database; logger?: Logger | undefined },
  now: Date = new Date(),
  batchSize = 500,
): Promise<{ anonymised: number; contactsErased: number }> {
  const requests = await anonymiseExpiredRequests(deps, now, batchSize);
  const contacts = await eraseExpiredContactData(
    deps,
    now,
    ERASED,
    DEFAULT_RETENTION_MONTHS,
    batchSize,
  );
  return { ...requests, ...contacts };
}
