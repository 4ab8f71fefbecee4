import { and, eq } from 'drizzle-orm';
import type { Database, Tx } from '@sasaeai/db/client';
import { isConstraintViolation } from '@sasaeai/db';
import { enqueueOutbox } from '@sasaeai/db/help-loop';
import {
  auditEvents,
  districts,
  helpRequests,
  residentProfiles,
  roleAssignments,
  users,
} from '@sasaeai/db/schema';
import type { CreateHelpRequestBody, FieldError, RequestWhen } from '@sasaeai/contracts';
import { districtForAddress } from '@sasaeai/core';
import { AppError } from '../errors/app-error.ts';
import { canActInDistrict, hasRole } from '../plugins/app/authorization.ts';
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
  userId: string;
  address: string | null;
}

/** Registers a resident who phoned the centre (no log-in), recording the verbal consent. */
async function registerPhonedResident(
  tx: Tx,
  actor: SessionUser,
  resident: Extract<NonNullable<CreateHelpRequestBody['onBehalfOf']>, { kind: 'new' }>,
  districtId: string | null,
  now: Date,
): Promise<Resident> {
  const [user] = await tx
    .insert(users)
    .values({ displayName: resident.fullName })
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
  return { userId: user!.id, address: resident.address };
}

async function districtIdFor(tx: Tx, address: string): Promise<string | null> {
  const code = districtForAddress(address);
  if (!code) return null;
  const [row] = await tx
    .select({ id: districts.id })
    .from(districts)
    .where(eq(districts.code, code));
  return row?.id ?? null;
}

export interface CreateHelpRequestInput {
  actor: SessionUser;
  body: CreateHelpRequestBody;
  idempotencyKey?: string | undefined;
  now?: Date;
}

/**
 * A resident asks for help, or a coordinator takes the request by phone. The district comes
 * from the address, never from the body; the request and its outbox row commit together.
 * With an Idempotency-Key a retried submission returns the first request instead of a second.
 */
export async function createHelpRequest(
  db: Database,
  input: CreateHelpRequestInput,
): Promise<{ requestId: string; replayed: boolean }> {
  const { actor, body } = input;
  const now = input.now ?? new Date();
  const proxy = body.onBehalfOf;
  if (proxy && !hasRole(actor, 'coordinator', 'admin')) throw new AppError('forbidden');
  if (!proxy && !hasRole(actor, 'resident')) throw new AppError('forbidden');

  const replay = async () => {
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
    return existing ? { requestId: existing.id, replayed: true } : null;
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const window = windowFor(body.when, now);
  if (body.when.kind === 'window' && window.end.getTime() <= now.getTime()) {
    throw fieldError('body.when.date', 'すでに過ぎた日時です。', 'This time has already passed.');
  }

  try {
    return await db.transaction(async (tx) => {
      let resident: Resident;
      let profileDistrictId: string | null = null;
      if (proxy?.kind === 'new') {
        resident = await registerPhonedResident(
          tx,
          actor,
          proxy,
          await districtIdFor(tx, proxy.address),
          now,
        );
      } else {
        const residentId = proxy?.kind === 'existing' ? proxy.residentId : actor.id;
        const [profile] = await tx
          .select()
          .from(residentProfiles)
          .where(eq(residentProfiles.userId, residentId));
        if (!profile) {
          if (proxy) throw new AppError('not_found');
          throw new AppError('forbidden');
        }
        resident = { userId: residentId, address: profile.address };
        profileDistrictId = profile.districtId;
      }

      const address = body.where.kind === 'other' ? body.where.address : resident.address;
      if (!address) {
        throw fieldError(
          'body.where.kind',
          '登録された住所がありません。住所を入力してください。',
          'There is no address on the profile. Please enter the address.',
        );
      }
      const districtId =
        (await districtIdFor(tx, address)) ??
        (body.where.kind === 'profile' ? profileDistrictId : null);
      if (!districtId) {
        throw fieldError(
          body.where.kind === 'other' ? 'body.where.address' : 'body.where.kind',
          'この住所の地区が分かりません。旭川市内の住所を「永山3条5丁目2-10」のように入力するか、地区センターにお電話ください。',
          'We cannot tell the district of this address. Enter an Asahikawa address such as 「永山3条5丁目2-10」, or phone the district centre.',
        );
      }
      if (proxy && !canActInDistrict(actor, districtId, ['coordinator', 'admin'])) {
        throw new AppError('forbidden');
      }
      if (!proxy && body.where.kind === 'other' && !resident.address) {
        // The first address a resident gives becomes their profile address.
        await tx
          .update(residentProfiles)
          .set({ address, districtId })
          .where(eq(residentProfiles.userId, resident.userId));
      }

      const [request] = await tx
        .insert(helpRequests)
        .values({
          residentId: resident.userId,
          createdBy: actor.id,
          viaProxy: !!proxy,
          districtId,
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
        })
        .returning({ id: helpRequests.id });
      await tx.insert(auditEvents).values({
        actorId: actor.id,
        action: 'help_request.created',
        subjectType: 'help_request',
        subjectId: request!.id,
        districtId,
        details: { viaProxy: !!proxy, category: body.category },
      });
      await enqueueOutbox(tx, 'help_request.created', { requestId: request!.id, districtId });
      return { requestId: request!.id, replayed: false };
    });
  } catch (error) {
    if (isConstraintViolation(error, 'help_requests_idempotency_key')) {
      const raced = await replay();
      if (raced) return raced;
    }
    throw error;
  }
}
