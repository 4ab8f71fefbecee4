import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { seedDemo } from '@sasaeai/db/seed';

const serverEntry = fileURLToPath(new URL('../src/server.ts', import.meta.url));
const apiDir = fileURLToPath(new URL('..', import.meta.url));

let demo: TestDatabase;
let empty: TestDatabase;
beforeAll(async () => {
  demo = await createTestDatabase('server-demo');
  await seedDemo({ db: demo.db });
  empty = await createTestDatabase('server-empty');
});
afterAll(async () => {
  await demo.drop();
  await empty.drop();
});

function startServer(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--conditions=@sasaeai/source', '--import', 'tsx', serverEntry],
    {
      cwd: apiDir,
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'info',
        REDIS_PREFIX: uniqueRedisPrefix('server'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('server start', () => {
  it('refuses a production start while demo accounts exist', async () => {
    const server = startServer({ NODE_ENV: 'production', DATABASE_URL: demo.url });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Refusing to start in production: \d+ demo accounts exist/);
  }, 30_000);

  it('starts in production without demo accounts, logs its address, and stops cleanly on SIGTERM', async () => {
    const server = startServer({ NODE_ENV: 'production', DATABASE_URL: empty.url });
    await vi.waitFor(
      () => {
        if (!server.output().includes('sasaeai api listening')) {
          throw new Error(`no start: ${server.output()}`);
        }
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(server.output()).toMatch(/"url":"http:\/\/localhost:\d+"/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 30_000);

  it('explains an invalid environment in one message instead of a stack trace', async () => {
    const server = startServer({ PORT: 'eighty', DATABASE_URL: empty.url });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('Invalid api environment: PORT must be a whole number');
    expect(server.output()).toContain('PORT');
    expect(server.output()).not.toContain('    at ');
  }, 30_000);

  it('says plainly when PostgreSQL is unreachable', async () => {
    const server = startServer({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PostgreSQL is not reachable');
  }, 30_000);
});
