import type { Database } from '@sasaeai/db/client';
import { districts } from '@sasaeai/db/schema';

export interface DistrictRef {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}

interface Directory {
  byCode: Map<string, DistrictRef>;
  byId: Map<string, DistrictRef>;
  loadedAt: number;
}

const REFRESH_MS = 60_000;
const directories = new WeakMap<Database, Directory>();

async function load(db: Database): Promise<Directory> {
  const rows = await db
    .select({
      id: districts.id,
      code: districts.code,
      name: districts.name,
      nameEn: districts.nameEn,
    })
    .from(districts);
  const directory: Directory = {
    byCode: new Map(rows.map((row) => [row.code, row])),
    byId: new Map(rows.map((row) => [row.id, row])),
    loadedAt: Date.now(),
  };
  directories.set(db, directory);
  return directory;
}

async function current(db: Database): Promise<Directory> {
  const directory = directories.get(db);
  return directory && Date.now() - directory.loadedAt <= REFRESH_MS ? directory : load(db);
}

/**
 * Every new request needs its district, and districts change only through the council's import:
 * they are read once a minute rather than once per request. A miss reads them again at once, so
 * a district imported a moment ago is found.
 */
export async function districtByCode(db: Database, code: string): Promise<DistrictRef | null> {
  return (await current(db)).byCode.get(code) ?? (await load(db)).byCode.get(code) ?? null;
}

export async function districtById(db: Database, id: string): Promise<DistrictRef | null> {
  return (await current(db)).byId.get(id) ?? (await load(db)).byId.get(id) ?? null;
}
