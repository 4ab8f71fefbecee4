import { eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { districts, townDistricts } from '@sasaeai/db/schema';
import { districtForAddress, type TownRules } from '@sasaeai/core';
import { districtByCode, type DistrictRef } from './district-directory.ts';

interface Cached {
  rules: TownRules;
  loadedAt: number;
}

/** Another API process's edit is seen within this time; this process's own edits at once. */
const REFRESH_MS = 60_000;
const cache = new WeakMap<Database, Cached>();

async function load(db: Database): Promise<TownRules> {
  const rows = await db
    .select({ town: townDistricts.town, district: districts.code, needsJo: townDistricts.needsJo })
    .from(townDistricts)
    .innerJoin(districts, eq(districts.id, townDistricts.districtId));
  // A new array each load: core memoises its longest-first order per array.
  const rules: TownRules = rows;
  cache.set(db, { rules, loadedAt: Date.now() });
  return rules;
}

/** The town → district table, read once a minute rather than once per request. */
export async function townRules(db: Database): Promise<TownRules> {
  const cached = cache.get(db);
  return cached && Date.now() - cached.loadedAt <= REFRESH_MS ? cached.rules : load(db);
}

/** Called after every change to `town_districts` (after its transaction commits). */
export function forgetTownRules(db: Database): void {
  cache.delete(db);
}

/** The district of an Asahikawa address by the town table, or null when it cannot be placed. */
export async function districtOfAddress(
  db: Database,
  address: string,
): Promise<DistrictRef | null> {
  const code = districtForAddress(address, await townRules(db));
  return code ? districtByCode(db, code) : null;
}
