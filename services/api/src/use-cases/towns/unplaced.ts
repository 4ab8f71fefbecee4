import { and, eq, isNull, or } from 'drizzle-orm';
import type { Database, Tx } from '@sasaeai/db/client';
import { enqueueOutbox } from '@sasaeai/db/help-loop';
import { auditEvents, helpRequests, residentProfiles } from '@sasaeai/db/schema';
import type { NewRequest } from '../../repositories/request-insert.ts';
import type { RequestRow } from '../../repositories/help-request-views.ts';
import { districtByCode, type DistrictRef } from '../../repositories/district-directory.ts';
import { districtIdsFor, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { AppError, fieldError } from '../../errors/app-error.ts';

/** The reason an unplaced request waits in the inbox (helpRequests.unmatchedReason). */
export const ADDRESS_UNPLACED = 'address_unplaced';

/**
 * The city-centre district takes unplaced requests of residents registered nowhere yet: the
 * city-wide desk until the council names another (the district list is the council's import).
 */
const CITY_DESK_DISTRICT = 'chuo';

/**
 * Where a request whose address the town table cannot place waits for a coordinator: the
 * district the resident is registered with, else the phoning coordinator's own district, else
 * the city desk. Null only when none of these exists.
 */
export async function provisionalDistrict(
  db: Database,
  actor: SessionUser,
  residentDistrictId: string | null,
  viaProxy: boolean,
): Promise<string | null> {
  if (residentDistrictId) return residentDistrictId;
  const own = viaProxy && !hasRole(actor, 'admin') ? districtIdsFor(actor, 'coordinator')[0] : null;
  if (own) return own;
  return (await districtByCode(db, CITY_DESK_DISTRICT))?.id ?? null;
}

/**
 * Saves the request as `unmatched` with reason `address_unplaced` and no outbox row: nothing is
 * matched until a coordinator picks the district (placeRequest).
 */
export async function insertUnplacedIn(
  tx: Tx,
  values: NewRequest,
  details: Record<string, unknown>,
): Promise<RequestRow> {
  const [row] = await tx
    .insert(helpRequests)
    .values({ ...values, status: 'unmatched', unmatchedReason: ADDRESS_UNPLACED })
    .returning();
  await tx.insert(auditEvents).values({
    actorId: values.createdBy,
    action: 'help_request.created',
    subjectType: 'help_request',
    subjectId: row!.id,
    districtId: row!.districtId,
    details: { ...details, unplaced: true },
  });
  return row!;
}

/** A request waiting for its district is placed, not re-matched where it only waits. */
export async function refuseRematchIfUnplaced(db: Database, requestId: string): Promise<void> {
  const [row] = await db
    .select({ reason: helpRequests.unmatchedReason, status: helpRequests.status })
    .from(helpRequests)
    .where(eq(helpRequests.id, requestId));
  if (row?.status === 'unmatched' && row.reason === ADDRESS_UNPLACED) {
    throw new AppError('conflict', {
      ja: 'この依頼は 住所の 地区が 決まっていません。先に 地区を 選んでください。',
      en: 'This request’s district is not known yet. Choose its district first.',
    });
  }
}

/**
 * A coordinator of the district the request waits in (or an admin) picks its real district:
 * the request moves there, opens, and is matched as any new request (its outbox row). The
 * resident's registered district follows when it was set from the same address.
 */
export async function placeRequest(
  db: Database,
  requestId: string,
  districtCode: string,
  actorId: string,
): Promise<DistrictRef> {
  const district = await districtByCode(db, districtCode);
  if (!district) {
    throw fieldError('body.district', 'この地区はありません。', 'There is no such district.');
  }
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId))
      .for('update');
    if (!row) throw new AppError('not_found');
    if (row.status !== 'unmatched' || row.unmatchedReason !== ADDRESS_UNPLACED) {
      throw new AppError('conflict', {
        ja: 'この依頼の地区は もう決まっています。',
        en: 'This request’s district has already been decided.',
      });
    }
    await tx
      .update(helpRequests)
      .set({ districtId: district.id, status: 'open', unmatchedReason: null })
      .where(eq(helpRequests.id, requestId));
    await tx
      .update(residentProfiles)
      .set({ districtId: district.id })
      .where(
        and(
          eq(residentProfiles.userId, row.residentId),
          eq(residentProfiles.address, row.address),
          or(isNull(residentProfiles.districtId), eq(residentProfiles.districtId, row.districtId)),
        ),
      );
    await tx.insert(auditEvents).values({
      actorId,
      action: 'help_request.placed',
      subjectType: 'help_request',
      subjectId: requestId,
      districtId: district.id,
      details: { fromDistrictId: row.districtId, toDistrictId: district.id },
    });
    await enqueueOutbox(tx, {
      topic: 'help_request.created',
      payload: { requestId, districtId: district.id },
    });
  });
  return district;
}
