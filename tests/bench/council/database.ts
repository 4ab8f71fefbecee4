/** A named database, generated once per seed, scale and generator version. */
import { createDb, ensureDatabase, runMigrations } from '@sasaeai/db';
import { dropDatabase, testServerUrl } from '@sasaeai/db/testing';
import { generateCity } from './city.ts';
import { GENERATOR_VERSION, type GenerateResult, type Scale } from './config.ts';

export function databaseUrl(name: string, server = testServerUrl()): string {
  return `${server}/${name}`;
}

/** What a generated database says about itself (stored as the database's comment). */
export async function storedGeneration(
  name: string,
  server = testServerUrl(),
): Promise<GenerateResult | null> {
  const { sql, close } = createDb({ url: databaseUrl('postgres', server), max: 1 });
  try {
    const [row] = await sql<{ comment: string | null }[]>`
      select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${name}`;
    if (!row?.comment) return null;
    try {
      return JSON.parse(row.comment) as GenerateResult;
    } catch {
      return null;
    }
  } finally {
    await close();
  }
}

/**
 * Makes sure `name` holds the city for this seed and scale: reuses it when its stored
 * generation matches, otherwise drops it, migrates a fresh one and generates.
 */
export async function ensureGenerated(options: {
  name: string;
  seed: number;
  scale: Scale;
  server?: string;
  force?: boolean;
  log?: (line: string) => void;
}): Promise<{ result: GenerateResult; reused: boolean }> {
  const server = options.server ?? testServerUrl();
  const log = options.log ?? (() => {});
  const stored = options.force ? null : await storedGeneration(options.name, server);
  const url = databaseUrl(options.name, server);
  if (
    stored &&
    stored.seed === options.seed &&
    stored.version === GENERATOR_VERSION &&
    stored.scale.name === options.scale.name &&
    stored.scale.requests === options.scale.requests
  ) {
    log(
      `database ${options.name} already holds seed ${options.seed} (${options.scale.name}); reusing it`,
    );
    await runMigrations(url);
    return { result: stored, reused: true };
  }
  await dropDatabase(options.name);
  await ensureDatabase(url);
  await runMigrations(url);
  const result = await generateCity({ url, seed: options.seed, scale: options.scale, log });
  const { sql, close } = createDb({ url: databaseUrl('postgres', server), max: 1 });
  try {
    const comment = JSON.stringify(result).replaceAll("'", "''");
    await sql.unsafe(`comment on database ${options.name} is '${comment}'`);
  } finally {
    await close();
  }
  return { result, reused: false };
}

export const FULL_DATABASE = 'sasaeai_council_bench';
