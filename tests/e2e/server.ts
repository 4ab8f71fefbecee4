/**
 * The real API with the SvelteKit build mounted on it, against a fresh database, once per
 * test file (`useWebServer()`), plus small ways to seed people and sessions without the UI.
 *
 * One server per file: the web build reads its environment once, when the first page is
 * served, so a second server in the same process would still send its API calls to the first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  startTestServer,
  webBuildDir,
  makeUser,
  type MakeUserOptions,
  type TestServer,
} from '@sasaeai/api/test-helper';
import { afterAll, beforeAll } from 'vitest';

export { TEST_PASSWORD } from '@sasaeai/api/test-helper';

/** `env` overrides the API's environment for this file's server (e.g. TRUST_PROXY). */
export function useWebServer(env: Record<string, string> = {}): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    if (!existsSync(join(webBuildDir, 'handler.js'))) {
      throw new Error(`No web build in ${webBuildDir}: run \`pnpm build\` first.`);
    }
    server = await startTestServer({ withWeb: true, env });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('useWebServer(): the server is not started yet');
    return server;
  };
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${crypto.randomUUID()}@example.test`;
}

/** A person straight in the database (tiny factory from the API's test helper). */
export function seedUser(server: TestServer, options: MakeUserOptions = {}) {
  return makeUser(server.database, { email: uniqueEmail(), ...options });
}

/** Sends a request to the API as the same-origin browser would. */
export function apiRequest(server: TestServer, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('origin', server.url);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return fetch(new URL(path, server.url), { ...init, headers });
}

/** The session cookie (name and value) the API sets when logging in through it. */
export async function sessionCookieFor(server: TestServer, email: string, password: string) {
  const response = await apiRequest(server, '/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) {
    throw new Error(`log-in through the API failed: ${response.status} ${await response.text()}`);
  }
  const header = response.headers.getSetCookie().find((c) => c.includes('sasaeai_session='));
  const pair = header?.split(';')[0];
  const eq = pair?.indexOf('=') ?? -1;
  if (!pair || eq <= 0) throw new Error('the API set no session cookie');
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
}
