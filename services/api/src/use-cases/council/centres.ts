import { asc, eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, districts, residentProfiles, volunteerCentres } from '@sasaeai/db/schema';
import type { CentreContact, CentreStatus, FieldError } from '@sasaeai/contracts';
import { AppError } from '../../errors/app-error.ts';

/**
 * The registry of volunteer centres (council staff and admins): status, dates, and the public
 * contact — phone and opening hours — that the district's residents see on their pages.
 */
export interface CentreInput {
  district: string;
  name: string;
  /** Omitted: kept as it is (a new centre: named after its district). */
  nameEn?: string | undefined;
  status: CentreStatus;
  openedOn?: string | null | undefined;
  closedOn?: string | null | undefined;
  /** Omitted: kept as it is (a new centre: none); null: removed. */
  phone?: string | null | undefined;
  hoursJa?: string | null | undefined;
  hoursEn?: string | null | undefined;
}

const centreColumns = {
  id: volunteerCentres.id,
  district: districts.code,
  name: volunteerCentres.name,
  nameEn: volunteerCentres.nameEn,
  status: volunteerCentres.status,
  openedOn: volunteerCentres.openedOn,
  closedOn: volunteerCentres.closedOn,
  phone: volunteerCentres.phone,
  hoursJa: volunteerCentres.hoursJa,
  hoursEn: volunteerCentres.hoursEn,
};

export async function listCentres(db: Database) {
  const rows = await db
    .select(centreColumns)
    .from(volunteerCentres)
    .innerJoin(districts, eq(districts.id, volunteerCentres.districtId))
    .orderBy(asc(districts.code), asc(volunteerCentres.name));
  return { centres: rows };
}

/** A new centre's English name until staff word it, as migration 0030 named existing ones. */
export function defaultCentreNameEn(districtNameEn: string): string {
  return `${districtNameEn} District Volunteer Centre`.slice(0, 80);
}

async function checkedCentre(db: Database, input: CentreInput) {
  const errors: FieldError[] = [];
  const openedOn = input.openedOn ?? null;
  const closedOn = input.closedOn ?? null;
  if (input.status !== 'planned' && openedOn === null) {
    errors.push({
      field: 'body.openedOn',
      message: {
        ja: '開設済み・閉鎖のセンターには開設日が必要です。',
        en: 'An open or closed centre needs its opening date.',
      },
    });
  }
  if (input.status === 'closed' && closedOn === null) {
    errors.push({
      field: 'body.closedOn',
      message: { ja: '閉鎖日を入力してください。', en: 'Enter the closing date.' },
    });
  }
  if (openedOn !== null && closedOn !== null && closedOn < openedOn) {
    errors.push({
      field: 'body.closedOn',
      message: {
        ja: '閉鎖日は開設日より後にしてください。',
        en: 'The closing date must be after the opening date.',
      },
    });
  }
  const [district] = await db
    .select({ id: districts.id, nameEn: districts.nameEn })
    .from(districts)
    .where(eq(districts.code, input.district));
  if (!district) {
    errors.push({
      field: 'body.district',
      message: { ja: 'この地区はありません。', en: 'There is no such district.' },
    });
  }
  if (errors.length > 0 || !district) {
    throw new AppError('validation_failed', undefined, errors);
  }
  const contact = Object.fromEntries(
    (['phone', 'hoursJa', 'hoursEn'] as const)
      .filter((key) => input[key] !== undefined)
      .map((key) => [key, input[key] ?? null]),
  ) as { phone?: string | null; hoursJa?: string | null; hoursEn?: string | null };
  return {
    districtId: district.id,
    name: input.name,
    /** Kept as it is on an update when omitted; a new centre gets `defaultNameEn`. */
    nameEn: input.nameEn,
    defaultNameEn: defaultCentreNameEn(district.nameEn),
    status: input.status,
    openedOn: input.status === 'planned' ? null : openedOn,
    closedOn: input.status === 'closed' ? closedOn : null,
    ...contact,
  };
}

/** Creates (id null) or updates a centre, audited; all or nothing. */
export async function saveCentre(
  db: Database,
  input: CentreInput,
  actorId: string,
  id: string | null,
) {
  const { nameEn, defaultNameEn, ...values } = await checkedCentre(db, input);
  return db.transaction(async (tx) => {
    const [row] = id
      ? await tx
          .update(volunteerCentres)
          .set(nameEn === undefined ? values : { ...values, nameEn })
          .where(eq(volunteerCentres.id, id))
          .returning({ id: volunteerCentres.id })
      : await tx
          .insert(volunteerCentres)
          .values({ ...values, nameEn: nameEn ?? defaultNameEn })
          .returning({ id: volunteerCentres.id });
    if (!row) throw new AppError('not_found');
    await tx.insert(auditEvents).values({
      actorId,
      action: id ? 'centre.updated' : 'centre.created',
      subjectType: 'volunteer_centre',
      subjectId: row.id,
      districtId: values.districtId,
      details: { ...input },
    });
    const [saved] = await tx
      .select(centreColumns)
      .from(volunteerCentres)
      .innerJoin(districts, eq(districts.id, volunteerCentres.districtId))
      .where(eq(volunteerCentres.id, row.id));
    if (!saved) throw new Error('saved centre not found');
    return saved;
  });
}

const contactColumns = {
  name: volunteerCentres.name,
  nameEn: volunteerCentres.nameEn,
  phone: volunteerCentres.phone,
  status: volunteerCentres.status,
  hoursJa: volunteerCentres.hoursJa,
  hoursEn: volunteerCentres.hoursEn,
};

interface ContactRow {
  name: string;
  nameEn: string;
  phone: string | null;
  status: CentreStatus;
  hoursJa: string | null;
  hoursEn: string | null;
}

/**
 * The centre a district's residents call: its open centre with a phone, else any of its centres
 * with a phone that is not closed (a planned one may already answer); null when none has one.
 * Hours missing in one language are shown in the other rather than not at all.
 */
function contactOf(rows: readonly ContactRow[]): CentreContact | null {
  const reachable = rows.filter((row) => row.phone !== null && row.status !== 'closed');
  const centre = reachable.find((row) => row.status === 'open') ?? reachable[0];
  if (!centre?.phone) return null;
  const ja = centre.hoursJa ?? centre.hoursEn;
  const en = centre.hoursEn ?? centre.hoursJa;
  return {
    name: centre.name,
    nameEn: centre.nameEn,
    phone: centre.phone,
    hours: ja !== null && en !== null ? { ja, en } : null,
  };
}

export async function centreContactFor(db: Database, districtId: string) {
  const rows = await db
    .select(contactColumns)
    .from(volunteerCentres)
    .where(eq(volunteerCentres.districtId, districtId))
    .orderBy(asc(volunteerCentres.createdAt));
  return contactOf(rows);
}

/** The resident's own district centre (one query: profile → district → centres). */
export async function centreContactOfResident(db: Database, userId: string) {
  const rows = await db
    .select(contactColumns)
    .from(residentProfiles)
    .innerJoin(volunteerCentres, eq(volunteerCentres.districtId, residentProfiles.districtId))
    .where(eq(residentProfiles.userId, userId))
    .orderBy(asc(volunteerCentres.createdAt));
  return contactOf(rows);
}
