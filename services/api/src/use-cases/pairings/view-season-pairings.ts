import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import {
  districts,
  residentProfiles,
  seasonPairings,
  users,
  volunteerProfiles,
  winterRegistrations,
} from '@sasaeai/db/schema';
import type { HelperHouseholdList, SeasonPairingList } from '@sasaeai/contracts';
import { clockOfMinutes, jstToday, seasonToRegisterFor } from '@sasaeai/core';
import { AppError } from '../../errors/app-error.ts';
import { canActInDistrict } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { registrationWithDistrict, toPairingView } from './pairing-view.ts';

/** A registration's pairings, live ones first: for its resident and their coordinators. */
export async function listRegistrationPairings(
  db: Database,
  actor: SessionUser,
  registrationId: string,
): Promise<SeasonPairingList> {
  const registration = await registrationWithDistrict(db, registrationId);
  const mayView =
    registration &&
    (registration.residentId === actor.id ||
      (registration.districtId !== null &&
        canActInDistrict(actor, registration.districtId, ['coordinator', 'admin'])));
  if (!mayView) throw new AppError('not_found');
  const rows = await db
    .select({
      pairing: seasonPairings,
      displayName: users.displayName,
      groupName: volunteerProfiles.groupName,
    })
    .from(seasonPairings)
    .innerJoin(users, eq(users.id, seasonPairings.helperId))
    .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, seasonPairings.helperId))
    .where(eq(seasonPairings.winterRegistrationId, registrationId))
    .orderBy(asc(seasonPairings.status), asc(seasonPairings.role), desc(seasonPairings.createdAt));
  return {
    pairings: rows.map((row) => toPairingView(row.pairing, row.groupName ?? row.displayName)),
  };
}

/**
 * The households a helper is paired with this winter (live pairings of standing registrations):
 * what to clear and when, never where — the address comes with an accepted task.
 */
export async function listHelperHouseholds(
  db: Database,
  actor: SessionUser,
  now: Date = new Date(),
): Promise<HelperHouseholdList> {
  const seasonYear = seasonToRegisterFor(jstToday(now));
  const rows = await db
    .select({
      pairing: seasonPairings,
      registration: winterRegistrations,
      residentName: users.displayName,
      district: districts.code,
    })
    .from(seasonPairings)
    .innerJoin(winterRegistrations, eq(winterRegistrations.id, seasonPairings.winterRegistrationId))
    .innerJoin(users, eq(users.id, winterRegistrations.residentId))
    .leftJoin(residentProfiles, eq(residentProfiles.userId, winterRegistrations.residentId))
    .leftJoin(districts, eq(districts.id, residentProfiles.districtId))
    .where(
      and(
        eq(seasonPairings.helperId, actor.id),
        inArray(seasonPairings.status, ['active', 'paused']),
        eq(winterRegistrations.seasonYear, seasonYear),
        inArray(winterRegistrations.status, ['active', 'paused']),
      ),
    )
    .orderBy(asc(seasonPairings.status), asc(seasonPairings.createdAt));
  return {
    households: rows.map(({ pairing, registration, residentName, district }) => ({
      pairingId: pairing.id,
      role: pairing.role,
      status: pairing.status,
      metOn: pairing.metOn,
      household: {
        displayName: residentName,
        district,
        frontageMetres: registration.frontageMetres,
        clearPath: registration.clearPath,
        roofFall: registration.roofFall,
        readyFrom: clockOfMinutes(registration.readyFromMinute),
        readyBy: clockOfMinutes(registration.readyByMinute),
        thresholdCm: registration.thresholdCm,
        registrationStatus: registration.status,
      },
    })),
  };
}
