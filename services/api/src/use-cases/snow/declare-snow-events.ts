import { and, eq, gte, isNotNull, lte, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '@sasaeai/db/client';
import {
  helpRequests,
  residentProfiles,
  snowEvents,
  winterRegistrations,
} from '@sasaeai/db/schema';
import type {
  DeclareSnowEventBody,
  DeclareSnowEventResponse,
  FieldError,
  SnowEventOutcome,
  SnowEventSource,
} from '@sasaeai/contracts';
import { clearingWindow, jstToday } from '@sasaeai/core';
import { AppError, fieldError } from '../../errors/app-error.ts';
import { canActInDistrict } from '../../auth/permissions.ts';
import { districtByCode, type DistrictRef } from '../../repositories/district-directory.ts';
import { insertSnowOccurrencesIn } from '../../repositories/request-insert.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

/** Who may declare snow: a coordinator in their own districts, council staff and admins anywhere. */
const declaringRoles = ['coordinator', 'council', 'admin'] as const;

/**
 * The districts named in a declaration, each known and within the caller's reach. Unknown codes
 * are field errors (nothing is written); a district outside the caller's reach is forbidden.
 */
export async function districtsToDeclare(
  db: Database,
  actor: SessionUser,
  codes: string[],
  field: string,
): Promise<DistrictRef[]> {
  const unique = [...new Set(codes)];
  const found = await Promise.all(unique.map((code) => districtByCode(db, code)));
  const unknown: FieldError[] = [];
  unique.forEach((code, index) => {
    if (!found[index]) {
      unknown.push({
        field: `${field}.${String(codes.indexOf(code))}`,
        message: {
          ja: `「${code}」という地区はありません。`,
          en: `There is no district “${code}”.`,
        },
      });
    }
  });
  if (unknown.length > 0) throw new AppError('validation_failed', undefined, unknown);
  const districts = found as DistrictRef[];
  if (!districts.every((d) => canActInDistrict(actor, d.id, [...declaringRoles]))) {
    throw new AppError('forbidden');
  }
  // A fixed order, so two declarations over the same districts lock their events alike.
  return districts.sort((a, b) => (a.id < b.id ? -1 : 1));
}

export function checkObservedOn(observedOn: string, now: Date, field: string): void {
  if (observedOn > jstToday(now)) {
    throw fieldError(
      field,
      '観測日は今日までの日付にしてください。',
      'The day observed must be today or earlier.',
    );
  }
}

interface EventInput {
  actor: SessionUser;
  district: DistrictRef;
  observedOn: string;
  cm: number;
  source: SnowEventSource;
  now: Date;
}

/**
 * One district's snowfall, inside the caller's transaction. The event is upserted on (district,
 * day), keeping the larger depth, which also locks it until commit, so concurrent declarations
 * of one snowfall run one after the other. Every active registration the depth triggers that has
 * no request for this event yet becomes one (the unique index refuses a second), in the first
 * of its clearing mornings that has not passed (see `clearingWindow`).
 */
export async function declareInDistrict(tx: DbOrTx, input: EventInput): Promise<SnowEventOutcome> {
  const { actor, district, observedOn, cm, source, now } = input;
  const [event] = await tx
    .insert(snowEvents)
    .values({ districtId: district.id, observedOn, cm, source, declaredBy: actor.id })
    .onConflictDoUpdate({
      target: [snowEvents.districtId, snowEvents.observedOn],
      set: { cm: sql`greatest(${snowEvents.cm}, excluded.cm)`, updatedAt: new Date() },
    })
    .returning();
  const snowEvent = event!;

  const triggered = await tx
    .select({
      registration: winterRegistrations,
      address: residentProfiles.address,
      existing: helpRequests.id,
    })
    .from(winterRegistrations)
    .innerJoin(residentProfiles, eq(residentProfiles.userId, winterRegistrations.residentId))
    .leftJoin(
      helpRequests,
      and(
        eq(helpRequests.winterRegistrationId, winterRegistrations.id),
        eq(helpRequests.snowEventId, snowEvent.id),
      ),
    )
    .where(
      and(
        eq(winterRegistrations.status, 'active'),
        eq(residentProfiles.districtId, district.id),
        isNotNull(residentProfiles.address),
        lte(winterRegistrations.validFrom, observedOn),
        gte(winterRegistrations.validUntil, observedOn),
        lte(winterRegistrations.thresholdCm, snowEvent.cm),
      ),
    );

  const fresh = triggered
    .filter((row) => row.existing === null)
    .map((row) => ({
      ...row,
      window: clearingWindow(
        observedOn,
        row.registration.readyFromMinute,
        row.registration.readyByMinute,
        now,
      ),
    }));
  const workable = fresh.filter((row) => row.window !== null);
  const created = await insertSnowOccurrencesIn(
    tx,
    workable.map(({ registration, address, window }) => ({
      residentId: registration.residentId,
      createdBy: actor.id,
      viaProxy: false,
      districtId: district.id,
      category: 'snow' as const,
      address: address!,
      windowStart: window!.start,
      windowEnd: window!.end,
      asSoonAsPossible: false,
      peopleNeeded: 1,
      urgency: 'normal' as const,
      // Access notes are revealed with the address (after acceptance), never in the notes.
      notes: null,
      sensitiveNotes: null,
      sensitiveConsentAt: null,
      idempotencyKey: null,
      recurrence: {
        kind: 'snowfall',
        thresholdCm: registration.thresholdCm,
        frontageMetres: registration.frontageMetres,
        clearPath: registration.clearPath,
        roofFall: registration.roofFall,
      },
      winterRegistrationId: registration.id,
      snowEventId: snowEvent.id,
    })),
    { viaProxy: false, category: 'snow', snowEventId: snowEvent.id },
  );
  return {
    eventId: snowEvent.id,
    district: district.code,
    observedOn,
    cm: snowEvent.cm,
    source: snowEvent.source,
    created: created.length,
    alreadyExisted: triggered.length - fresh.length + (workable.length - created.length),
    tooLate: fresh.length - workable.length,
  };
}

export function summarise(events: SnowEventOutcome[]): DeclareSnowEventResponse {
  return {
    events,
    created: events.reduce((sum, e) => sum + e.created, 0),
    alreadyExisted: events.reduce((sum, e) => sum + e.alreadyExisted, 0),
    tooLate: events.reduce((sum, e) => sum + e.tooLate, 0),
  };
}

/**
 * A coordinator (own districts) or council staff / admin (any) declares a snowfall. In one
 * transaction each district's event turns the registrations it triggers into dated snow requests,
 * each with its outbox row, so the matching worker takes them up as a surge. Declaring the same
 * snowfall again creates nothing twice; a deeper figure for the same day adds only the newly
 * triggered registrations.
 */
export async function declareSnowEvents(
  db: Database,
  actor: SessionUser,
  body: DeclareSnowEventBody,
  now = new Date(),
): Promise<DeclareSnowEventResponse> {
  const districts = await districtsToDeclare(db, actor, body.districts, 'body.districts');
  checkObservedOn(body.observedOn, now, 'body.observedOn');
  const events = await db.transaction(async (tx) => {
    const outcomes: SnowEventOutcome[] = [];
    for (const district of districts) {
      outcomes.push(
        await declareInDistrict(tx, {
          actor,
          district,
          observedOn: body.observedOn,
          cm: body.cm,
          source: 'declared',
          now,
        }),
      );
    }
    return outcomes;
  });
  return summarise(events);
}
