/**
 * The API alone under the storm's send schedule, with no worker matching at the same time: how
 * much of the full run's API figure is the API itself, and how much is the matcher and
 * PostgreSQL competing for the same cores. Samples CPU per process while it runs.
 *
 *   pnpm exec tsx --conditions=@sasaeai/source tests/bench/snowstorm/api-alone.ts [--requests 6000] [--peak 250]
 */
import { parseArgs } from 'node:util';
import { createDb } from '@sasaeai/db/client';
import { ensureDatabase, runMigrations } from '@sasaeai/db';
import { seedReferenceData } from '@sasaeai/db/seed';
import { dropDatabase } from '@sasaeai/db/testing';
import { buildInstance } from './instance.ts';
import { fireOpenLoop, schedule } from './load.ts';
import { cpuBetween, cpuByCommand, freePort, startService, waitForHealth } from './processes.ts';
import { round, summarise } from './stats.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '6000' },
    peak: { type: 'string', default: '250' },
    seed: { type: 'string', default: '20261127' },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
  },
});

async function main() {
  const name = `sasaeai_apialone_${process.pid}`;
  const url = `${values.server}/${name}`;
  await dropDatabase(name).catch(() => {});
  await ensureDatabase(url);
  await runMigrations(url);
  const { db, close } = createDb({ url, max: 5, applicationName: 'bench' });
  await seedReferenceData({ db });
  const instance = await buildInstance(
    db,
    { volunteers: 3000, groups: 300, residents: 5000 },
    Number(values.seed),
  );
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const api = startService('api', {
    DATABASE_URL: url,
    REDIS_PREFIX: `apialone-${process.pid}`,
    PORT: String(port),
    NODE_ENV: 'test',
  });
  await waitForHealth(apiUrl);

  const count = Number(values.requests);
  const offsets = schedule(count, Number(values.peak), 20);
  const cpuBefore = cpuByCommand();
  const started = Date.now();
  const shots = await fireOpenLoop(offsets, async (i) => {
    const resident = instance.residents[i % instance.residents.length]!;
    const date = new Date(Date.now() + 48 * 3_600_000).toISOString().slice(0, 10);
    const response = await fetch(`${apiUrl}/api/help-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: apiUrl, cookie: resident.cookie },
      body: JSON.stringify({
        category: 'snow',
        when: { kind: 'window', date, from: '07:00', to: '09:00' },
        where: { kind: 'profile' },
      }),
    });
    await response.arrayBuffer();
    return response.status;
  });
  const seconds = (Date.now() - started) / 1000;
  const cpuAfter = cpuByCommand();
  await api.stop();
  const latency = summarise(shots.map((s) => s.latencyMs));
  const accepted = shots.filter((s) => s.status === 201).length;
  console.table({
    'accepted /s': round(accepted / seconds),
    rejected: shots.length - accepted,
    'p50 / p99 ms': `${round(latency.p50)} / ${round(latency.p99)}`,
  });
  const cpu = cpuBetween(cpuBefore, cpuAfter, seconds);
  console.table(cpu);
  await close();
  await dropDatabase(name);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
