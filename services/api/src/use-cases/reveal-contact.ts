import type { Database } from '@sasaeai/db/client';
import { auditEvents } from '@sasaeai/db/schema';

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
