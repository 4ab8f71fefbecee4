import { eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, residentProfiles } from '@sasaeai/db/schema';
import type { UpdateOwnContactBody } from '@sasaeai/contracts';
import { AppError, fieldError } from '../../errors/app-error.ts';
import { districtOfAddress } from '../../repositories/town-rules.ts';

/**
 * A resident corrects their own phone and address. A new address must be placeable in a
 * district (the district follows it, so the next request and the next snowfall go to the right
 * centre); requests already made keep the address they were made with. Audited with the names of
 * the fields changed only, never their values.
 */
export async function updateOwnContact(
  db: Database,
  residentId: string,
  body: UpdateOwnContactBody,
): Promise<void> {
  let districtId: string | undefined;
  if (body.address !== undefined) {
    const district = await districtOfAddress(db, body.address);
    if (!district) {
      throw fieldError(
        'body.address',
        'この住所の地区が分かりません。旭川市内の住所を「永山3条5丁目2-10」のように入力するか、地区センターにお電話ください。',
        'We cannot tell the district of this address. Enter an Asahikawa address such as 「永山3条5丁目2-10」, or phone the district centre.',
      );
    }
    districtId = district.id;
  }
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ districtId: residentProfiles.districtId })
      .from(residentProfiles)
      .where(eq(residentProfiles.userId, residentId))
      .for('update');
    if (!before) throw new AppError('not_found');
    await tx
      .update(residentProfiles)
      .set({
        ...(body.phone !== undefined ? { phone: body.phone } : {}),
        ...(body.address !== undefined ? { address: body.address, districtId } : {}),
        updatedAt: new Date(),
      })
      .where(eq(residentProfiles.userId, residentId));
    await tx.insert(auditEvents).values({
      actorId: residentId,
      action: 'resident.contact_updated',
      subjectType: 'user',
      subjectId: residentId,
      districtId: districtId ?? before.districtId,
      details: {
        fields: [body.phone !== undefined && 'phone', body.address !== undefined && 'address']
          .filter(Boolean)
          .join(','),
        movedDistrict: districtId !== undefined && districtId !== before.districtId,
      },
    });
  });
}
