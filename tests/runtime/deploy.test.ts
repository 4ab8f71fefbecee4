/**
 * The production bundle, as the images build it (infra/Dockerfile.api, infra/Dockerfile.worker):
 * the services compiled to JavaScript, `pnpm deploy --prod` of the API and of the worker into
 * empty folders, no development dependency there, and both started with plain `node` (no
 * loader, no flags) against a fresh database and Redis prefix. The migrate CLI runs from the
 * compiled output; the API answers its health checks and one help request goes end to end: a
 * resident logs in and asks, the compiled worker (its solver thread included) proposes the
 * seeded volunteer.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { matches } from '@sasaeai/db/schema';
import { seedReferenceData } from '@sasaeai/db/seed';
import {
  createTestDatabase,
  dropDatabase,
  uniqueRedisPrefix,
  type TestDatabase,
} from '@sasaeai/db/testing';
import { TEST_PASSWORD } from '@sasaeai/api/test-helper';
import {
  makeResident,
  makeVolunteer,
  snowRequest,
} from '../../services/api/test/help-loop-fixtures.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const DEV_ONLY = ['tsx', 'typescript', 'vitest', 'vite', 'esbuild', 'drizzle-kit', '@types/node'];

let workdir: string;
let database: TestDatabase;
let prefix: string;
const children: ChildProcess[] = [];
let apiUrl = '';
let apiOutput = '';
const timings: Record<string, number> = {};

async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await step();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

/** `pnpm deploy --prod` of one service into `<workdir>/<name>`, as the image's build stage runs. */
async function deploy(name: 'api' | 'worker'): Promise<string> {
  const target = join(workdir, name);
  await run(
    'pnpm',
    ['--filter', `@sasaeai/${name}`, 'deploy', '--prod', '--prefer-offline', target],
    {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return target;
}

/** Plain Node, nothing inherited that could load TypeScript or change resolution. */
function nodeEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _options, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'production', LOG_LEVEL: 'info', ...extra };
}

/** The names in the bundle's package store (`node_modules/.pnpm/<name>@<version>...`). */
async function storeNames(bundle: string): Promise<string[]> {
  const entries = await readdir(join(bundle, 'node_modules', '.pnpm'));
  return entries.map((entry) => entry.replace(/^(@?[^@]+)@.*$/, '$1').replace('+', '/'));
}

/** TypeScript sources (not declarations) in the bundle's own and its workspace packages' files. */
async function typeScriptSources(bundle: string): Promise<string[]> {
  const store = join(bundle, 'node_modules', '.pnpm');
  const workspacePackages = (await readdir(store))
    .filter((entry) => entry.startsWith('@sasaeai+'))
    .map((entry) =>
      join(store, entry, 'node_modules', entry.replace(/^@sasaeai\+([^@]+)@.*$/, '@sasaeai/$1')),
    );
  const found: string[] = [];
  for (const dir of [bundle, ...workspacePackages]) {
    const files = await readdir(dir, { recursive: true });
    found.push(
      ...files
        .filter((file) => !file.startsWith('node_modules'))
        .filter((file) => /\.[cm]?ts$/.test(file) && !/\.d\.[cm]?ts$/.test(file))
        .map((file) => join(dir, file)),
    );
  }
  return found;
}

let apiBundle = '';
let workerBundle = '';

beforeAll(async () => {
  workdir = await mkdtemp(join(tmpdir(), 'sasaeai-deploy-'));
  await timed('build', () => run('pnpm', ['build:services'], { cwd: root }));
  [apiBundle, workerBundle] = await timed('deploy', () =>
    Promise.all([deploy('api'), deploy('worker')]),
  );
  database = await createTestDatabase('deploy');
  await seedReferenceData({ db: database.db });
  prefix = uniqueRedisPrefix('deploy');
});

afterAll(async () => {
  const codes = await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    }),
  );
  await database?.drop();
  if (workdir) await rm(workdir, { recursive: true, force: true });
  console.log(`[deploy] timings (ms): ${JSON.stringify(timings)}`);
  expect(codes.every((code) => code === 0)).toBe(true);
});

describe('the production bundle (pnpm deploy --prod)', () => {
  it('holds compiled JavaScript and no development dependency', async () => {
    for (const bundle of [apiBundle, workerBundle]) {
      const names = await storeNames(bundle);
      expect(names.filter((name) => DEV_ONLY.includes(name))).toEqual([]);
      for (const name of DEV_ONLY)
        expect(existsSync(join(bundle, 'node_modules', name))).toBe(false);
      expect(await typeScriptSources(bundle)).toEqual([]);
      expect(existsSync(join(bundle, 'src'))).toBe(false);
    }
    expect(existsSync(join(apiBundle, 'dist', 'server.js'))).toBe(true);
    expect(existsSync(join(workerBundle, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(workerBundle, 'dist', 'matching', 'solver-thread.js'))).toBe(true);
  });

  it('migrates an empty database with the compiled migrate CLI', async () => {
    const name = `${database.name}_m`;
    const url = database.url.replace(/\/[^/]+$/, `/${name}`);
    try {
      const { stdout } = await timed('migrate', () =>
        run(process.execPath, ['node_modules/@sasaeai/db/dist/cli/migrate.js'], {
          cwd: apiBundle,
          env: nodeEnv({ DATABASE_URL: url }),
        }),
      );
      expect(stdout).toContain('migrations applied');
    } finally {
      await dropDatabase(name);
    }
  });

  it('starts the API and the worker with plain node and serves a help request end to end', async () => {
    const volunteer = await makeVolunteer(database, 'chuo');
    const resident = await makeResident(database);

    const api = spawn(process.execPath, ['dist/server.js'], {
      cwd: apiBundle,
      env: nodeEnv({
        DATABASE_URL: database.url,
        REDIS_PREFIX: prefix,
        HOST: '127.0.0.1',
        PORT: '0',
        // A loaded CI machine delays every event loop: this test is about the bundle, not load.
        ADMISSION_MAX_WAIT_MS: '30000',
        ADMISSION_MAX_EVENT_LOOP_DELAY_MS: '0',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(api);
    api.stdout.on('data', (chunk: Buffer) => (apiOutput += chunk.toString()));
    api.stderr.on('data', (chunk: Buffer) => (apiOutput += chunk.toString()));
    const worker = spawn(process.execPath, ['dist/main.js'], {
      cwd: workerBundle,
      env: nodeEnv({
        DATABASE_URL: database.url,
        REDIS_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        RELAY_INTERVAL_MS: '100',
        MATCHING_WINDOW_MS: '100',
      }),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(worker);

    const port = await timed('api-start', () =>
      vi.waitFor(
        () => {
          const found = /"url":"http:\/\/localhost:(\d+)"/.exec(apiOutput)?.[1];
          if (!found) throw new Error(`the API has not started:\n${apiOutput.slice(-2000)}`);
          return found;
        },
        { timeout: 60_000, interval: 100 },
      ),
    );
    apiUrl = `http://127.0.0.1:${port}`;
    expect((await fetch(`${apiUrl}/api/healthz`)).status).toBe(200);
    await vi.waitFor(async () => expect((await fetch(`${apiUrl}/api/readyz`)).status).toBe(200), {
      timeout: 30_000,
      interval: 200,
    });

    const login = await fetch(`${apiUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: apiUrl },
      body: JSON.stringify({ email: resident.email, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    // NODE_ENV=production: the `__Host-` session cookie.
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('__Host-sasaeai_session='))!
      .split(';')[0]!;

    const asked = await fetch(`${apiUrl}/api/help-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: apiUrl, cookie },
      body: JSON.stringify(snowRequest()),
    });
    expect(asked.status).toBe(201);
    const { request } = (await asked.json()) as { request: { id: string } };

    const proposed = await timed('request-to-proposal', () =>
      vi.waitFor(
        async () => {
          const rows = await database.db
            .select({ volunteerId: matches.volunteerId })
            .from(matches)
            .where(
              and(
                eq(matches.requestId, request.id),
                inArray(matches.status, ['proposed', 'approved', 'offered', 'accepted']),
              ),
            );
          expect(rows).toHaveLength(1);
          return rows[0]!;
        },
        { timeout: 60_000, interval: 200 },
      ),
    );
    expect(proposed.volunteerId).toBe(volunteer.id);
  });
});
