import { and, eq } from 'drizzle-orm';
import type { Database, Tx } from '@sasaeai/db/client';
import { isConstraintViolation } from '@sasaeai/db';
import { helpRequests, residentProfiles, roleAssignments, users } from '@sasaeai/db/schema';
import type {
  CreateHelpRequestBody,
  FieldError,
  HelpRequestView,
  RequestWhen,
} from '@sasaeai/contracts';
import { PRIVACY_NOTICE_VERSION } from '@sasaeai/contracts';
import { outsideAsahikawa } from '@sasaeai/core';
import { AppError } from '../errors/app-error.ts';
import { canActInDistrict, hasRole } from '../auth/permissions.ts';
import { districtById } from '../repositories/district-directory.ts';
import { districtOfAddress } from '../repositories/town-rules.ts';
import { insertUnplacedIn, provisionalDistrict } from './towns/unplaced.ts';
import { toRequestView, type RequestRow } from '../repositories/help-request-views.ts';
import { insertRequest, insertRequestIn } from '../repositories/request-insert.ts';
import type { SessionUser } from '../repositories/users-repository.ts';

const ASAP_HOURS = 24;

function fieldError(field: string, ja: string, en: string): AppError {
  const fields: FieldError[] = [{ field, message: { ja, en } }];
  return new AppError('validation_failed', undefined, fields);
}

/** The window in Japan time as UTC instants; "as soon as possible" means the next 24 hours. */
export function windowFor(when: RequestWhen, now: Date): { start: Date; end: Date } {
  if (when.kind === 'asap') {
    return { start: now, end: new Date(now.getTime() + ASAP_HOURS * 3_600_000) };
  }
  return {
    start: new Date(`${when.date}T${when.from}:00+09:00`),
    end: new Date(`${when.date}T${when.to}:00+09:00`),
  };
}

interface Resident {
  /** Empty for a resident who phoned and is registered with the request. */
  userId: string;
  address: string | null;
  districtId: string | null;
  fullName: string;
  phone: string | null;
}

/** Registers a resident who phoned the centre (no log-in), recording the verbal consent. */
async function registerPhonedResident(
  tx: Tx,
  actor: SessionUser,
  resident: PhonedResident,
  districtId: string,
  now: Date,
): Promise<string> {
  const [user] = await tx
    .insert(users)
    .values({
      displayName: resident.fullName,
      privacyConsentAt: now,
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    })
    .returning({ id: users.id });
  await tx
    .insert(roleAssignments)
    .values({ userId: user!.id, role: 'resident', grantedBy: actor.id });
  await tx.insert(residentProfiles).values({
    userId: user!.id,
    fullName: resident.fullName,
    fullNameKana: resident.fullNameKana,
    phone: resident.phone,
    address: resident.address,
    districtId,
    contactPreference: 'phone',
    consentAt: now,
    consentMethod: 'phone_verbal',
    consentRecordedBy: actor.id,
  });
  return user!.id;
}

type PhonedResident = Extract<NonNullable<CreateHelpRequestBody['onBehalfOf']>, { kind: 'new' }>;

/**
 * A coordinator acts for residents registered in their own districts (an admin for any): the
 * district comes from the resident's record, never from the address typed for the request.
 */
function mayActFor(actor: SessionUser, residentDistrictId: string | null): boolean {
  if (hasRole(actor, 'admin')) return true;
  return (
    residentDistrictId !== null && canActInDistrict(actor, residentDistrictId, ['coordinator'])
  );
}

/** The same answer as for an unknown id, so ids of other districts' residents reveal nothing. */
function notYourResident(): AppError {
  return new AppError('not_found', {
    ja: 'あなたの 地区に 登録された 住民の 中に、この 方は 見つかりません。',
    en: 'No resident with this id is registered in your districts.',
  });
}

/** Who the request is for: the caller, a resident already known, or one who just phoned. */
async function residentFor(
  db: Database,
  actor: SessionUser,
  proxy: CreateHelpRequestBody['onBehalfOf'],
): Promise<Resident> {
  if (proxy?.kind === 'new') {
    return {
      userId: '',
      address: proxy.address,
      districtId: null,
      fullName: proxy.fullName,
      phone: proxy.phone,
    };
  }
  const residentId = proxy?.kind === 'existing' ? proxy.residentId : actor.id;
  const [profile] = await db
    .select()
    .from(residentProfiles)
    .where(eq(residentProfiles.userId, residentId));
  if (!profile) throw proxy ? notYourResident() : new AppError('forbidden');
  if (proxy && !mayActFor(actor, profile.districtId)) throw notYourResident();
  if (proxy && profile.mergedIntoId) {
    throw new AppError('conflict', {
      ja: 'この 住民は 別の 住民に 統合済みです。統合先の 住民で 受け付けてください。',
      en: 'This resident was merged into another; take the request for the kept resident.',
    });
  }
  return {
    userId: residentId,
    address: profile.address,
    districtId: profile.districtId,
    fullName: profile.fullName,
    phone: profile.phone,
  };
}

export interface CreateHelpRequestInput {
  actor: SessionUser;
  body: CreateHelpRequestBody;
  idempotencyKey?: string | undefined;
  now?: Date;
}

export interface CreatedHelpRequest {
  requestId: string;
  /** An earlier submission with the same Idempotency-Key: nothing new was written. */
  replayed: boolean;
  /** The new request as its resident sees it, when they asked for themselves. */
  ownerView: HelpRequestView | null;
}

/**
 * A resident asks for help, or a coordinator takes the request by phone. The district comes
 * from the address, never from the body; the request and its outbox row commit together.
 * With an Idempotency-Key a retried submission returns the first request instead of a second:
 * the unique key catches it, so a first submission pays no extra look-up.
 */
export async function createHelpRequest(
  db: Database,
  input: CreateHelpRequestInput,
): Promise<CreatedHelpRequest> {
  const { actor, body } = input;
  const now = input.now ?? new Date();
  const proxy = body.onBehalfOf;
  if (proxy && !hasRole(actor, 'coordinator', 'admin')) throw new AppError('forbidden');
  if (!proxy && !hasRole(actor, 'resident')) throw new AppError('forbidden');

  const replay = async (): Promise<CreatedHelpRequest | null> => {
    if (!input.idempotencyKey) return null;
    const [existing] = await db
      .select({ id: helpRequests.id })
      .from(helpRequests)
      .where(
        and(
          eq(helpRequests.createdBy, actor.id),
          eq(helpRequests.idempotencyKey, input.idempotencyKey),
        ),
      );
    return existing ? { requestId: existing.id, replayed: true, ownerView: null } : null;
  };

  const window = windowFor(body.when, now);
  if (body.when.kind === 'window' && window.end.getTime() <= now.getTime()) {
    const earlier = await replay();
    if (earlier) return earlier;
    throw fieldError('body.when.date', 'すでに過ぎた日時です。', 'This time has already passed.');
  }

  try {
    const resident = await residentFor(db, actor, proxy);
    const address = body.where.kind === 'other' ? body.where.address : resident.address;
    if (!address) {
      throw fieldError(
        'body.where.kind',
        '登録された住所がありません。住所を入力してください。',
        'There is no address on the profile. Please enter the address.',
      );
    }
    const placed =
      (await districtOfAddress(db, address)) ??
      (body.where.kind === 'profile' && resident.districtId
        ? await districtById(db, resident.districtId)
        : null);
    // An address the town table cannot place is not refused: the request waits, unmatched, in
    // a provisional district's inbox until a coordinator picks its district (towns/unplaced.ts).
    const provisional =
      placed || outsideAsahikawa(address)
        ? null
        : await provisionalDistrict(db, actor, resident.districtId, !!proxy);
    const district = placed ?? (provisional ? await districtById(db, provisional) : null);
    if (!district) {
      throw fieldError(
        body.where.kind === 'other' ? 'body.where.address' : 'body.where.kind',
        'この住所の地区が分かりません。旭川市内の住所を「永山3条5丁目2-10」のように入力するか、地区センターにお電話ください。',
        'We cannot tell the district of this address. Enter an Asahikawa address such as 「永山3条5丁目2-10」, or phone the district centre.',
      );
    }
    if (proxy && !canActInDistrict(actor, district.id, ['coordinator', 'admin'])) {
      throw new AppError('forbidden');
    }

    const values = (residentId: string) => ({
      residentId,
      createdBy: actor.id,
      viaProxy: !!proxy,
      districtId: district.id,
      category: body.category,
      address,
      windowStart: window.start,
      windowEnd: window.end,
      asSoonAsPossible: body.when.kind === 'asap',
      peopleNeeded: body.peopleNeeded,
      urgency: body.urgency,
      notes: body.notes || null,
      sensitiveNotes: body.sensitiveNotes && body.sensitiveConsent ? body.sensitiveNotes : null,
      sensitiveConsentAt: body.sensitiveNotes && body.sensitiveConsent ? now : null,
      idempotencyKey: input.idempotencyKey ?? null,
    });
    const details = { viaProxy: !!proxy, category: body.category };
    // The first address a resident gives becomes their profile address.
    const firstAddress = !proxy && body.where.kind === 'other' && !resident.address;

    let row: RequestRow;
    if (!placed) {
      row = await db.transaction(async (tx) => {
        const residentId =
          proxy?.kind === 'new'
            ? await registerPhonedResident(tx, actor, proxy, district.id, now)
            : resident.userId;
        if (firstAddress) {
          // The address is kept; its district follows once a coordinator has chosen it.
          await tx
            .update(residentProfiles)
            .set({ address })
            .where(eq(residentProfiles.userId, residentId));
        }
        return insertUnplacedIn(tx, values(residentId), details);
      });
    } else if (proxy?.kind === 'new' || firstAddress) {
      row = await db.transaction(async (tx) => {
        let residentId = resident.userId;
        if (proxy?.kind === 'new') {
          residentId = await registerPhonedResident(tx, actor, proxy, district.id, now);
        } else {
          await tx
            .update(residentProfiles)
            .set({ address, districtId: district.id })
            .where(eq(residentProfiles.userId, residentId));
        }
        return insertRequestIn(tx, values(residentId), details);
      });
    } else {
      row = await insertRequest(db, values(resident.userId), details);
    }
    const ownerView = proxy
      ? null
      : toRequestView(
          row,
          { district, resident, history: [], matches: [] },
          { relation: 'owner', viewerId: actor.id, revealContact: false },
        );
    return { requestId: row.id, replayed: false, ownerView };
  } catch (error) {
    if (isConstraintViolation(error, 'help_requests_idempotency_key')) {
      const raced = await replay();
      if (raced) return raced;
    }
    throw error;
  }
}
