import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { DestinationStream } from 'pino';
import { eq } from 'drizzle-orm';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '@sasaeai/db/testing';
import { hashPassword } from '@sasaeai/db';
import { seedReferenceData } from '@sasaeai/db/seed';
import {
  districts,
  roleAssignments,
  users,
  volunteerDistricts,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import type { Role } from '@sasaeai/contracts';
import { buildApp } from '../src/app.ts';
import { loadApiEnv, type ApiEnv } from '../src/env.ts';

export const webBuildDir = fileURLToPath(new URL('../../../web/build', import.meta.url));

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: ApiEnv;
  close: () => Promise<void>;
}

/**
 * A real app against a fresh database (with the 20 districts) and its own Redis key prefix.
 * `logStream` receives the app's log lines (set LOG_LEVEL in `overrides` to see them).
 */
export async function createTestApp(
  overrides: Record<string, string> = {},
  label = 'api',
  apiInternalUrl?: () => string,
  logStream?: DestinationStream,
): Promise<TestApp> {
  const database = await createTestDatabase(label);
  await seedReferenceData({ db: database.db });
  const config = loadApiEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    REDIS_PREFIX: uniqueRedisPrefix(label),
    // Tests read what they just wrote; the stale-while-refreshing path has its own test.
    COUNCIL_MAX_STALE_SECONDS: '0',
    // A busy CI machine must not turn a slow test into a refused one (admission has its own test).
    ADMISSION_MAX_WAIT_MS: '30000',
    ADMISSION_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...overrides,
  });
  const app = await buildApp({
    config,
    ...(apiInternalUrl ? { apiInternalUrl } : {}),
    ...(logStream ? { logStream } : {}),
  });
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export interface TestServer extends TestApp {
  url: string;
}

/** The app listening on a random port; `withWeb` also serves the SvelteKit build (run `pnpm build`). */
export async function startTestServer(
  options: { withWeb?: boolean; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const overrides: Record<string, string> = {
    ...options.env,
    ...(options.withWeb ? { WEB_BUILD_DIR: webBuildDir } : {}),
  };
  let port = 0;
  const testApp = await createTestApp(
    overrides,
    'server',
    () => `http://127.0.0.1:${String(port)}`,
  );
  await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const address = testApp.app.server.address();
  port = address && typeof address === 'object' ? address.port : 0;
  return { ...testApp, url: `http://127.0.0.1:${String(port)}` };
}

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'correct horse battery';

export interface MakeUserOptions {
  email?: string;
  roles?: { role: Role; district?: string }[];
  volunteerDistricts?: string[];
}

/** Creates a user straight in the database (faster than the sign-up route). */
export async function makeUser(database: TestDatabase, options: MakeUserOptions = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const email = options.email ?? `user-${crypto.randomUUID()}@example.test`;
  const [user] = await database.db
    .insert(users)
    .values({ email, passwordHash: await cachedHash, displayName: 'テスト 利用者' })
    .returning();
  if (!user) throw new Error('no user');
  for (const grant of options.roles ?? []) {
    const districtId = grant.district ? await districtId_(database, grant.district) : null;
    await database.db
      .insert(roleAssignments)
      .values({ userId: user.id, role: grant.role, districtId });
  }
  if (options.volunteerDistricts) {
    await database.db.insert(volunteerProfiles).values({ userId: user.id });
    for (const code of options.volunteerDistricts) {
      await database.db
        .insert(volunteerDistricts)
        .values({ volunteerId: user.id, districtId: await districtId_(database, code) });
    }
  }
  return { id: user.id, email, password: TEST_PASSWORD };
}

async function districtId_(database: TestDatabase, code: string): Promise<string> {
  const [row] = await database.db.select().from(districts).where(eq(districts.code, code));
  if (!row) throw new Error(`unknown district ${code}`);
  return row.id;
}

export const sameOrigin = { 'sec-fetch-site': 'same-origin' } as const;

/** A new user with these roles, logged in: the cookie header for their requests. */
export async function logInNewUser(t: TestApp, options: MakeUserOptions = {}): Promise<string> {
  return logInAs(t.app, (await makeUser(t.database, options)).email);
}

/** Logs in through the real route and returns the cookie header to send on later requests. */
export async function logInAs(app: FastifyInstance, email: string, password = TEST_PASSWORD) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: sameOrigin,
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  return cookieHeader(response);
}

export function cookieHeader(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'sasaeai_session');
  if (!cookie) throw new Error('no session cookie');
  return `sasaeai_session=${cookie.value}`;
}

export function request(app: FastifyInstance, options: InjectOptions & { cookie?: string }) {
  const { cookie, headers, ...rest } = options;
  return app.inject({
    ...rest,
    headers: { ...sameOrigin, ...(cookie ? { cookie } : {}), ...(headers ?? {}) },
  });
}

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
