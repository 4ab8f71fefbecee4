import { eq } from 'drizzle-orm';
import type { SeasonPairing, SeasonPairingReason } from '@sasaeai/contracts';
import type { DbOrTx } from '@sasaeai/db/client';
import type { seasonPairings } from '@sasaeai/db/schema';
import {
  residentProfiles,
  users,
  volunteerProfiles,
  winterRegistrations,
} from '@sasaeai/db/schema';

export type PairingRow = typeof seasonPairings.$inferSelect;

/** How a helper is shown to the household: a group by its name, a person by their shown name. */
export async function helperShownName(db: DbOrTx, helperId: string): Promise<string> {
  const [row] = await db
    .select({ displayName: users.displayName, groupName: volunteerProfiles.groupName })
    .from(users)
    .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, users.id))
    .where(eq(users.id, helperId));
  return row?.groupName ?? row?.displayName ?? '';
}

export function toPairingView(row: PairingRow, helperName: string): SeasonPairing {
  return {
    id: row.id,
    winterRegistrationId: row.winterRegistrationId,
    helper: { id: row.helperId, displayName: helperName },
    role: row.role,
    status: row.status,
    metOn: row.metOn,
    reason: (row.reason as SeasonPairingReason | null) ?? null,
  };
}

/** The registration with its resident's district, as the database has them (or null). */
export async function registrationWithDistrict(db: DbOrTx, registrationId: string) {
  const [row] = await db
    .select({
      id: winterRegistrations.id,
      residentId: winterRegistrations.residentId,
      status: winterRegistrations.status,
      districtId: residentProfiles.districtId,
    })
    .from(winterRegistrations)
    .leftJoin(residentProfiles, eq(residentProfiles.userId, winterRegistrations.residentId))
    .where(eq(winterRegistrations.id, registrationId));
  return row ?? null;
}
