import { eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, volunteerProfiles } from '@sasaeai/db/schema';

/**
 * A volunteer sees a resident's contact only while verified and active: a suspended volunteer's
 * accepted match reveals nothing, whatever state it was left in.
 */
export async function isActiveVolunteer(db: Database, userId: string): Promise<boolean> {
  const [profile] = await db
    .select({ verification: volunteerProfiles.verification })
    .from(volunteerProfiles)
    .where(eq(volunteerProfiles.userId, userId));
  return profile?.verification === 'active';
}

/** Every time a resident's address and phone are shown, who saw them is written down. */
export async function auditContactReveal(
  db: Database,
  viewerId: string,
  requests: { id: string; districtId: string }[],
  via: 'coordinator' | 'volunteer',
): Promise<void> {
  if (requests.length === 0) return;
  await db.insert(auditEvents).values(
    requests.map((request) => ({
      actorId: viewerId,
      action: 'resident.contact_revealed',
      subjectType: 'help_request',
      subjectId: request.id,
      districtId: request.districtId,
      details: { via },
    })),
  );
}
