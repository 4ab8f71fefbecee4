import { and, count, eq, like, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../client.ts';
import { countDemoAccounts } from '../demo-account-count.ts';
import { hashPassword } from '../passwords.ts';
import {
  districtNeighbours,
  districts,
  helpRequests,
  residentProfiles,
  users,
  volunteerCentres,
  volunteerProfiles,
} from '../schema/index.ts';
import { seedCentres } from './centres.ts';
import {
  DEMO_ACCOUNT_KEYS,
  DEMO_CREDENTIALS,
  DEMO_PASSWORD,
  seedDemoAccounts,
} from './demo-accounts.ts';
import { seedDistricts } from './districts.ts';
import { seedTowns } from './towns.ts';
import { seedIndicators } from './indicators.ts';
import { seedDemoHistory } from './demo-history.ts';
import { noProgress, type OnProgress } from './progress.ts';
import { hashSeed } from '@sasaeai/core';
import {
  SEED_REQUEST_KEY_PREFIX,
  generateRequests,
  seedRequests,
  type RequestSeed,
} from './requests.ts';
import { generateResidents, seedResidents, type ResidentSeed } from './residents.ts';
import { jstIsoDate, jstToday, type JstDay } from './time.ts';
import { generateVolunteers, seedVolunteers, type VolunteerSeed } from './volunteers.ts';
import { seedWinterFeeClasses } from './winter-fees.ts';
import { seedInsuranceEnrolments, seedInsurancePlans } from './insurance.ts';

export { DEMO_CREDENTIALS, DEMO_PASSWORD, DEMO_ACCOUNT_KEYS, countDemoAccounts };
export type { DemoAccount, DemoAccountKey } from './demo-accounts.ts';
export { DEMO_DISTRICTS, type DistrictSeed } from './districts-data.ts';
export { TOWN_SEEDS, type TownSeed } from './towns-data.ts';
export { DEMO_CENTRES, type CentreSeed } from './centres.ts';
export { PLAN_INDICATORS, type IndicatorSeed } from './indicators-data.ts';
export { DEMO_WINTER_FEE_CLASSES, type WinterFeeClassSeed } from './winter-fees.ts';
export { formatProgress, type OnProgress, type SeedProgress } from './progress.ts';
export type { RequestSeed, ResidentSeed, VolunteerSeed };

/** The default PRNG seed: same seed → same demo people and requests. */
export const DEFAULT_SEED = 20240401;

/** Serialises concurrent seed runs (two `pnpm seed` at once, parallel test set-up). */
const SEED_LOCK_KEY = hashSeed('sasaeai:seed');

export interface DemoDataOptions {
  seed?: number;
  /** Demo dates are relative to this day in Japan (default: now). */
  now?: Date;
  volunteers?: number;
  groups?: number;
  residents?: number;
  requests?: number;
}

export interface DemoData {
  today: JstDay;
  volunteers: VolunteerSeed[];
  residents: ResidentSeed[];
  requests: RequestSeed[];
}

/** The generated demo people and requests, without touching a database (pure, deterministic). */
export function generateDemoData({
  seed = DEFAULT_SEED,
  now = new Date(),
  volunteers = 200,
  groups = 30,
  residents = 40,
  requests = 50,
}: DemoDataOptions = {}): DemoData {
  const today = jstToday(now);
  // Demo account names are reserved so no generated person shares one.
  const takenNames = new Set(
    DEMO_ACCOUNT_KEYS.map((key) => DEMO_CREDENTIALS.accounts[key].displayName),
  );
  const volunteerRows = generateVolunteers({ seed, today, count: volunteers, groups, takenNames });
  const residentRows = generateResidents({ seed, count: residents, takenNames });
  const requestRows = generateRequests({ seed, today, residents: residentRows, count: requests });
  return { today, volunteers: volunteerRows, residents: residentRows, requests: requestRows };
}

export interface SeedSummary {
  districts: number;
  neighbourLinks: number;
  centres: { open: number; planned: number; closed: number };
  demoAccounts: { email: string; roles: string }[];
  /** Every user with is_demo = true (log-in accounts and generated people). */
  demoUsers: number;
  volunteers: {
    total: number;
    groups: number;
    individuals: number;
    active: number;
    pending: number;
    suspended: number;
  };
  residents: number;
  requests: { total: number; open: number; done: number; cancelled: number; other: number };
  durationMs: number;
}

export interface SeedDemoOptions extends DemoDataOptions {
  db: Database;
  onProgress?: OnProgress;
}

/**
 * Seeds a demo database: reference data, the seven demo log-in accounts, about 200 volunteers,
 * 40 residents and 50 help requests. Idempotent (upserts by district code, e-mail and request
 * idempotency key) and atomic (one transaction). The only match is the demo volunteer's past
 * task for the demo resident (see demo-history.ts).
 */
export async function seedDemo({
  db,
  onProgress = noProgress,
  ...options
}: SeedDemoOptions): Promise<SeedSummary> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const data = generateDemoData({ ...options, now });
  // argon2id is slow on purpose: hash once, outside the transaction, and share the hash.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const districtIds = await seedDistricts(tx, { overwrite: true, onProgress });
    await seedTowns(tx, districtIds, { overwrite: true });
    await seedCentres(tx, { districtIds, overwrite: true, onProgress });
    await seedIndicators(tx);
    await seedWinterFeeClasses(tx);
    await seedInsurancePlans(tx);
    const accounts = await seedDemoAccounts(tx, {
      districtIds,
      passwordHash,
      today: data.today,
      onProgress,
    });
    const coordinator = {
      id: accounts.coordinator,
      districts: DEMO_CREDENTIALS.accounts.coordinator.roles.flatMap((r) =>
        r.district ? [r.district] : [],
      ),
    };
    await seedVolunteers(tx, {
      volunteers: data.volunteers,
      districtIds,
      today: data.today,
      coordinator,
      onProgress,
    });
    const residentIds = await seedResidents(tx, {
      residents: data.residents,
      districtIds,
      today: data.today,
      coordinator,
      onProgress,
    });
    await seedRequests(tx, {
      requests: data.requests,
      residentIds,
      districtIds,
      today: data.today,
      now,
      onProgress,
    });
    await seedInsuranceEnrolments(tx, {
      today: jstIsoDate(data.today),
      recordedBy: accounts.coordinator,
    });
    await seedDemoHistory(tx, {
      residentId: accounts.resident,
      volunteerId: accounts.volunteer,
      districtId: districtIds.get('chuo')!,
      today: data.today,
    });
  });

  return { ...(await summarise(db)), durationMs: Math.round(performance.now() - started) };
}

export interface SeedReferenceDataOptions {
  db: Database;
  onProgress?: OnProgress;
  /**
   * Default false: only missing districts, neighbour links and centres are added, and rows that
   * staff have edited are kept. true resets them to the seed data (what `seedDemo` does).
   */
  overwrite?: boolean;
}

/** Districts, their neighbours and volunteer centres only: no people, no demo accounts. */
export async function seedReferenceData({
  db,
  onProgress = noProgress,
  overwrite = false,
}: SeedReferenceDataOptions): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const districtIds = await seedDistricts(tx, { overwrite, onProgress });
    await seedTowns(tx, districtIds, { overwrite });
    await seedCentres(tx, { districtIds, overwrite, onProgress });
    await seedIndicators(tx);
    await seedInsurancePlans(tx);
  });
}

async function summarise(db: DbOrTx): Promise<Omit<SeedSummary, 'durationMs'>> {
  const [districtCount] = await db.select({ n: count() }).from(districts);
  const [linkCount] = await db.select({ n: count() }).from(districtNeighbours);
  const centreRows = await db
    .select({ status: volunteerCentres.status, n: count() })
    .from(volunteerCentres)
    .groupBy(volunteerCentres.status);
  const volunteerRows = await db
    .select({
      kind: volunteerProfiles.kind,
      verification: volunteerProfiles.verification,
      n: count(),
    })
    .from(volunteerProfiles)
    .innerJoin(users, eq(users.id, volunteerProfiles.userId))
    .where(eq(users.isDemo, true))
    .groupBy(volunteerProfiles.kind, volunteerProfiles.verification);
  const [residentCount] = await db
    .select({ n: count() })
    .from(residentProfiles)
    .innerJoin(users, eq(users.id, residentProfiles.userId))
    .where(eq(users.isDemo, true));
  const requestRows = await db
    .select({ status: helpRequests.status, n: count() })
    .from(helpRequests)
    .innerJoin(users, eq(users.id, helpRequests.createdBy))
    .where(
      and(eq(users.isDemo, true), like(helpRequests.idempotencyKey, `${SEED_REQUEST_KEY_PREFIX}%`)),
    )
    .groupBy(helpRequests.status);

  const centres = { open: 0, planned: 0, closed: 0 };
  for (const row of centreRows) centres[row.status] += row.n;
  const volunteers = { total: 0, groups: 0, individuals: 0, active: 0, pending: 0, suspended: 0 };
  for (const row of volunteerRows) {
    volunteers.total += row.n;
    volunteers[row.kind === 'group' ? 'groups' : 'individuals'] += row.n;
    volunteers[row.verification] += row.n;
  }
  const requests = { total: 0, open: 0, done: 0, cancelled: 0, other: 0 };
  for (const row of requestRows) {
    requests.total += row.n;
    if (row.status === 'open' || row.status === 'done' || row.status === 'cancelled')
      requests[row.status] += row.n;
    else requests.other += row.n;
  }
  return {
    districts: districtCount?.n ?? 0,
    neighbourLinks: linkCount?.n ?? 0,
    centres,
    demoAccounts: DEMO_ACCOUNT_KEYS.map((key) => {
      const account = DEMO_CREDENTIALS.accounts[key];
      return {
        email: account.email,
        roles: account.roles
          .map((r) => (r.district ? `${r.role}:${r.district}` : r.role))
          .join(', '),
      };
    }),
    demoUsers: await countDemoAccounts(db),
    volunteers,
    residents: residentCount?.n ?? 0,
    requests,
  };
}
