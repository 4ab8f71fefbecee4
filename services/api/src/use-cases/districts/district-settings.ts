import type { DistrictSettingsBody, DistrictSettingsView } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { districtSettingsFor } from '@sasaeai/db/help-loop';
import { auditEvents, districtSettings } from '@sasaeai/db/schema';
import type { z } from 'zod';
import { canActInDistrict } from '../../auth/permissions.ts';
import { AppError } from '../../errors/app-error.ts';
import { districtIdsByCode, type SessionUser } from '../../repositories/users-repository.ts';

type SettingsView = z.infer<typeof DistrictSettingsView>;

/** The district of `code`, if this user coordinates it (or is an admin). */
async function coordinatedDistrict(db: Database, user: SessionUser, code: string) {
  const districtId = (await districtIdsByCode(db, [code])).get(code);
  if (!districtId) throw new AppError('not_found');
  if (!canActInDistrict(user, districtId, ['coordinator', 'admin'])) {
    throw new AppError('forbidden');
  }
  return districtId;
}

async function settingsView(db: Database, districtId: string, code: string): Promise<SettingsView> {
  const settings = await districtSettingsFor(db, districtId);
  return {
    district: code,
    autoApproveTrusted: settings.autoApproveTrusted,
    offerTtlHours: Math.round(settings.offerTtlMinutes / 60),
    retentionYears: Math.round(settings.retentionMonths / 12),
    snowOffersFromFive: settings.snowOffersFromFive,
  };
}

/** The district's matching settings, for its coordinators. */
export async function viewDistrictSettings(
  db: Database,
  user: SessionUser,
  code: string,
): Promise<SettingsView> {
  return settingsView(db, await coordinatedDistrict(db, user, code), code);
}

/** A coordinator changes the district's settings (audited, with what was asked for). */
export async function changeDistrictSettings(
  db: Database,
  user: SessionUser,
  code: string,
  body: z.infer<typeof DistrictSettingsBody>,
): Promise<SettingsView> {
  const districtId = await coordinatedDistrict(db, user, code);
  const values = {
    autoApproveTrusted: body.autoApproveTrusted,
    offerTtlMinutes: body.offerTtlHours * 60,
    ...(body.retentionYears === undefined ? {} : { retentionMonths: body.retentionYears * 12 }),
    ...(body.snowOffersFromFive === undefined
      ? {}
      : { snowOffersFromFive: body.snowOffersFromFive }),
    updatedBy: user.id,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(districtSettings)
      .values({ districtId, ...values })
      .onConflictDoUpdate({ target: districtSettings.districtId, set: values });
    await tx.insert(auditEvents).values({
      actorId: user.id,
      action: 'district.settings_changed',
      subjectType: 'district',
      subjectId: districtId,
      districtId,
      details: body,
    });
  });
  return settingsView(db, districtId, code);
}
