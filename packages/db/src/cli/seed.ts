import { createDb } from '../client.ts';
import { describeConnectionError } from '../connection-error.ts';
import { readDatabaseUrl } from '../env.ts';
import { DEMO_CREDENTIALS, formatProgress, seedDemo, type SeedSummary } from '../seed/index.ts';

/** `pnpm --filter @sasaeai/db seed`: fills the DATABASE_URL database with demo data. */

function describeSeedError(error: unknown, url: string): string {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: string }).code;
    // 42P01 undefined_table: the schema has not been migrated yet.
    if (code === '42P01') {
      return 'The database has no Sasaeai tables yet. Run `pnpm --filter @sasaeai/db migrate` first.';
    }
    // 3D000 invalid_catalog_name: the database itself does not exist.
    if (code === '3D000') {
      const name = decodeURIComponent(new URL(url).pathname.slice(1));
      return `Database "${name}" does not exist. Run \`pnpm --filter @sasaeai/db migrate\` to create and migrate it.`;
    }
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
      return describeConnectionError(current, url);
    }
    current = (current as { cause?: unknown }).cause;
  }
  return describeConnectionError(error, url);
}

function printSummary(s: SeedSummary): void {
  const lines = [
    `seed: done in ${(s.durationMs / 1000).toFixed(1)} s`,
    `  districts ${s.districts} (${s.neighbourLinks} neighbour links); centres ${s.centres.open} open, ${s.centres.planned} planned`,
    `  volunteers ${s.volunteers.total} (${s.volunteers.groups} groups, ${s.volunteers.individuals} individuals; ` +
      `${s.volunteers.active} active, ${s.volunteers.pending} pending, ${s.volunteers.suspended} suspended)`,
    `  residents ${s.residents}; help requests ${s.requests.total} (${s.requests.open} open, ${s.requests.done} done, ` +
      `${s.requests.cancelled} cancelled${s.requests.other ? `, ${s.requests.other} in progress` : ''}); no matches`,
    `  demo users ${s.demoUsers} (is_demo = true; a production start refuses to run while any exist)`,
    `  demo log-ins (DEMO ONLY, password "${DEMO_CREDENTIALS.password}"):`,
    ...s.demoAccounts.map((a) => `    ${a.email.padEnd(30)} ${a.roles}`),
  ];
  console.log(lines.join('\n'));
}

let url: string;
try {
  url = readDatabaseUrl();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const { db, close } = createDb({ url, max: 2, applicationName: 'sasaeai-seed' });
try {
  const summary = await seedDemo({ db, onProgress: (p) => console.log(formatProgress(p)) });
  printSummary(summary);
} catch (error) {
  console.error(`seed failed: ${describeSeedError(error, url)}`);
  process.exitCode = 1;
} finally {
  await close().catch(() => {});
}
