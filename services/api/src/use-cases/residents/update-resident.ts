import { eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, residentProfiles } from '@sasaeai/db/schema';
import type { UpdateResidentBody } from '@sasaeai/contracts';
import { AppError, fieldError } from '../../errors/app-error.ts';
import { districtOfAddress } from '../../repositories/town-rules.ts';
import { inScope, lockResident, type RegisterScope } from './register-scope.ts';

type Profile = typeof residentProfiles.$inferSelect;
type Changes = Partial<typeof residentProfiles.$inferInsert>;

export function mergedAlready(): AppError {
  return new AppError('conflict', {
    ja: 'この 住民は 別の 住民に 統合済みです。統合先の 記録を 使ってください。',
    en: 'This resident has been merged into another; use the kept record.',
  });
}

/** The district of a new address, which must be one of the caller's. */
async function districtOf(db: Database, scope: RegisterScope, address: string): Promise<string> {
  const district = await districtOfAddress(db, address);
  if (!district) {
    throw fieldError(
      'body.address',
      'この住所の地区が分かりません。旭川市内の住所を「永山3条5丁目2-10」のように入力してください。',
      'We cannot tell the district of this address. Enter an Asahikawa address such as 「永山3条5丁目2-10」.',
    );
  }
  if (!inScope(scope, district.id)) {
    throw fieldError(
      'body.address',
      'この住所は あなたの 担当地区の 外です。その 地区の センターに 引き継いでください。',
      'This address is outside your districts. Hand the resident over to that district’s centre.',
    );
  }
  return district.id;
}

/** What the body changes, compared with the record as it is (unchanged fields are not written). */
function changesOf(
  before: Profile,
  body: UpdateResidentBody,
  actorId: string,
  now: Date,
): { set: Changes; fields: string[] } {
  const set: Changes = {};
  const fields: string[] = [];
  const change = (field: string, values: Changes, differs: boolean) => {
    if (!differs) return;
    Object.assign(set, values);
    fields.push(field);
  };
  if (body.fullName !== undefined) {
    change('fullName', { fullName: body.fullName }, body.fullName !== before.fullName);
  }
  if (body.fullNameKana !== undefined) {
    const kana = body.fullNameKana;
    change('fullNameKana', { fullNameKana: kana }, kana !== before.fullNameKana);
  }
  if (body.phone !== undefined) change('phone', { phone: body.phone }, body.phone !== before.phone);
  if (body.address !== undefined) {
    change('address', { address: body.address }, body.address !== before.address);
  }
  if (body.emergencyContact !== undefined) {
    const next = body.emergencyContact;
    const values: Changes = {
      emergencyContactName: next?.name ?? null,
      emergencyContactRelation: next?.relation || null,
      emergencyContactPhone: next?.phone || null,
    };
    const differs =
      values.emergencyContactName !== before.emergencyContactName ||
      values.emergencyContactRelation !== before.emergencyContactRelation ||
      values.emergencyContactPhone !== before.emergencyContactPhone;
    change('emergencyContact', values, differs);
  }
  if (body.dataUseConsent !== undefined) {
    const had = before.consentAt !== null;
    change(
      'dataUseConsent',
      body.dataUseConsent
        ? { consentAt: now, consentMethod: 'coordinator_recorded', consentRecordedBy: actorId }
        : { consentAt: null, consentMethod: null, consentRecordedBy: null },
      body.dataUseConsent !== had,
    );
  }
  if (body.shareConsent !== undefined) {
    const had = before.shareConsentAt !== null;
    change(
      'shareConsent',
      body.shareConsent
        ? { shareConsentAt: now, shareConsentRecordedBy: actorId }
        : { shareConsentAt: null, shareConsentRecordedBy: null },
      body.shareConsent !== had,
    );
  }
  return { set, fields };
}

/**
 * A coordinator corrects a resident of their districts: contact details, emergency contact and
 * the two consents (recorded with the date and the coordinator). A new address must stay in the
 * caller's districts. Only what differs is written; audited `resident.record_updated` with the
 * field names only, in the same transaction.
 */
export async function updateResident(
  db: Database,
  scope: RegisterScope,
  actorId: string,
  residentId: string,
  body: UpdateResidentBody,
  now = new Date(),
): Promise<{ fields: string[] }> {
  const newDistrictId =
    body.address !== undefined ? await districtOf(db, scope, body.address) : undefined;
  return db.transaction(async (tx) => {
    const before = await lockResident(tx, scope, residentId);
    if (before.mergedIntoId) throw mergedAlready();
    const { set, fields } = changesOf(before, body, actorId, now);
    if (newDistrictId !== undefined && newDistrictId !== before.districtId) {
      set.districtId = newDistrictId;
    }
    if (fields.length === 0) return { fields };
    await tx
      .update(residentProfiles)
      .set({ ...set, updatedAt: now })
      .where(eq(residentProfiles.userId, residentId));
    await tx.insert(auditEvents).values({
      actorId,
      action: 'resident.record_updated',
      subjectType: 'user',
      subjectId: residentId,
      districtId: set.districtId ?? before.districtId,
      details: {
        fields: fields.join(','),
        movedDistrict: set.districtId !== undefined,
        ...(set.districtId !== undefined ? { fromDistrictId: before.districtId } : {}),
      },
    });
    return { fields };
  });
}
