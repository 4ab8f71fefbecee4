import { sql } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';

/** Every volunteer but each fifth is trusted: their proposals become offers at once. */
const UNTRUSTED_EVERY = 5;
const MAIL_DOMAIN = 'bench.sasaeai.localhost';

/**
 * Makes the storm's city reachable by e-mail, so every match it produces is announced through
 * the worker's real notification path: every volunteer and resident gets an address; each
 * district gets a coordinator with one; districts approve trusted volunteers' proposals
 * automatically, and four volunteers in five are trusted. The storm then yields offers
 * (`match.offered`, to the volunteer) and proposals waiting for approval (`proposals.waiting`,
 * a digest to the district's coordinator).
 */
export async function prepareNotificationReach(db: Database): Promise<{ coordinators: number }> {
  await db.execute(sql`
    update users u set email = r.role || '-' || u.id || ${`@${MAIL_DOMAIN}`}
    from role_assignments r where r.user_id = u.id and r.role in ('volunteer', 'resident')`);
  await db.execute(sql`
    update volunteer_profiles v set trusted = true from users u
    where u.id = v.user_id and substring(u.display_name from '[0-9]+')::int % ${UNTRUSTED_EVERY} <> 0`);
  await db.execute(sql`
    insert into district_settings (district_id, auto_approve_trusted)
    select id, true from districts
    on conflict (district_id) do update set auto_approve_trusted = true`);
  const coordinators = await db.execute<{ id: string }>(sql`
    with made as (
      insert into users (display_name, email)
      select '調整役 ' || d.code, 'coordinator-' || d.code || ${`@${MAIL_DOMAIN}`} from districts d
      returning id, email)
    insert into role_assignments (user_id, role, district_id)
    select made.id, 'coordinator', d.id from made
    join districts d on made.email = 'coordinator-' || d.code || ${`@${MAIL_DOMAIN}`}
    returning user_id as id`);
  return { coordinators: coordinators.length };
}
