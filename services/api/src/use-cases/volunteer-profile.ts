import { eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { withdrawVolunteer, type LiveNotice } from '@sasaeai/db/help-loop';
import {
  auditEvents,
  districts,
  volunteerAvailability,
  volunteerDistricts,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import type { VolunteerProfileBody, VolunteerProfileView } from '@sasaeai/contracts';
import { AppError } from '../errors/app-error.ts';
import { districtIdsByCode } from '../repositories/users-repository.ts';
import { centrePhoneFor } from './insurance/centre-phone.ts';

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const toClock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export async function loadVolunteerProfile(
  db: Database,
  userId: string,
): Promise<VolunteerProfileView | null> {
  const [profile] = await db
    .select()
    .from(volunteerProfiles)
    .where(eq(volunteerProfiles.userId, userId));
  if (!profile) return null;
  const served = await db
    .select({ code: districts.code })
    .from(volunteerDistricts)
    .innerJoin(districts, eq(districts.id, volunteerDistricts.districtId))
    .where(eq(volunteerDistricts.volunteerId, userId))
    .orderBy(districts.code);
  const slots = await db
    .select()
    .from(volunteerAvailability)
    .where(eq(volunteerAvailability.volunteerId, userId))
    .orderBy(volunteerAvailability.weekday, volunteerAvailability.startMinute);
  return {
    userId,
    kind: profile.kind,
    groupName: profile.groupName,
    headcount: profile.headcount,
    representativeName: profile.representativeName,
    skills: profile.skills,
    equipment: profile.equipment,
    districts: served.map((d) => d.code),
    helpsNeighbours: profile.helpsNeighbours,
    availability: slots.map((s) => ({
      weekday: s.weekday,
      from: toClock(s.startMinute),
      to: toClock(s.endMinute),
    })),
    maxTasksPerWeek: profile.maxTasksPerWeek,
    insuranceExpiresOn: profile.insuranceExpiresOn,
    insuranceCentrePhone: await centrePhoneFor(db, userId),
    verification: profile.verification,
    trusted: profile.trusted,
  };
}

/** What a coordinator checked when verifying; changing it oneself needs a new verification. */
type VerifiedField = 'districts' | 'kind' | 'headcount';

function verifiedFieldsChanged(
  before: { kind: string; headcount: number; districtIds: string[] },
  after: { kind: string; headcount: number; districtIds: string[] },
): VerifiedField[] {
  const changed: VerifiedField[] = [];
  const same =
    before.districtIds.length === after.districtIds.length &&
    after.districtIds.every((id) => before.districtIds.includes(id));
  if (!same) changed.push('districts');
  if (before.kind !== after.kind) changed.push('kind');
  if (after.headcount > before.headcount) changed.push('headcount');
  return changed;
}

/**
 * Registers or edits one's volunteer profile in one transaction. Verification and the trusted
 * flag belong to coordinators, with one exception: changing what they verified (districts
 * served, kind, a larger headcount) makes an active volunteer pending again, untrusted, with
 * their live matches withdrawn, until a coordinator of the districts now served verifies them.
 * A suspended volunteer stays suspended. The change is audited (field names only).
 */
export async function saveVolunteerProfile(
  db: Database,
  userId: string,
  body: VolunteerProfileBody,
): Promise<{ notices: LiveNotice[] }> {
  const ids = await districtIdsByCode(db, body.districts);
  const unknown = body.districts.filter((code) => !ids.has(code));
  if (unknown.length > 0) {
    throw new AppError(
      'validation_failed',
      undefined,
      unknown.map((code) => ({
        field: `body.districts.${body.districts.indexOf(code)}`,
        message: { ja: `地区「${code}」はありません。`, en: `There is no district "${code}".` },
      })),
    );
  }
  const fields = {
    kind: body.kind,
    groupName: body.kind === 'group' ? (body.groupName ?? null) : null,
    headcount: body.headcount,
    representativeName: body.representativeName ?? null,
    skills: body.skills,
    equipment: body.equipment,
    helpsNeighbours: body.helpsNeighbours,
    maxTasksPerWeek: body.maxTasksPerWeek,
  };
  const districtIds = [...new Set(ids.values())];
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(volunteerProfiles)
      .where(eq(volunteerProfiles.userId, userId))
      .for('update');
    const servedBefore = before
      ? await tx
          .select({ districtId: volunteerDistricts.districtId })
          .from(volunteerDistricts)
          .where(eq(volunteerDistricts.volunteerId, userId))
      : [];
    const changed = before
      ? verifiedFieldsChanged(
          { ...before, districtIds: servedBefore.map((row) => row.districtId) },
          { ...fields, districtIds },
        )
      : [];
    const verification =
      changed.length > 0 && before?.verification === 'active' ? 'pending' : before?.verification;
    const reverify = changed.length > 0 ? { verification, trusted: false } : {};
    await tx
      .insert(volunteerProfiles)
      .values({ userId, ...fields })
      .onConflictDoUpdate({ target: volunteerProfiles.userId, set: { ...fields, ...reverify } });
    await tx.delete(volunteerDistricts).where(eq(volunteerDistricts.volunteerId, userId));
    await tx
      .insert(volunteerDistricts)
      .values(districtIds.map((districtId) => ({ volunteerId: userId, districtId })));
    await tx.delete(volunteerAvailability).where(eq(volunteerAvailability.volunteerId, userId));
    const unique = new Map(body.availability.map((s) => [`${s.weekday}-${s.from}`, s]));
    if (unique.size > 0) {
      await tx.insert(volunteerAvailability).values(
        [...unique.values()].map((slot) => ({
          volunteerId: userId,
          weekday: slot.weekday,
          startMinute: toMinutes(slot.from),
          endMinute: toMinutes(slot.to),
        })),
      );
    }
    if (!before || changed.length === 0) return { notices: [] };
    const withdrawn =
      before.verification === 'active'
        ? await withdrawVolunteer(tx, userId, userId)
        : { matchIds: [], notices: [] };
    await tx.insert(auditEvents).values({
      actorId: userId,
      action: 'volunteer.profile_changed',
      subjectType: 'volunteer',
      subjectId: userId,
      districtId: districtIds[0] ?? null,
      details: {
        fields: changed,
        verification: { from: before.verification, to: verification },
        trusted: { from: before.trusted, to: false },
        withdrawnMatchIds: withdrawn.matchIds,
      },
    });
    return { notices: withdrawn.notices };
  });
}
