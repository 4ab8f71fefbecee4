import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { roleAssignments, sessions, users } from '@sasaeai/db/schema';
import { loadApiEnv } from '../src/env.ts';
import {
  createTestApp,
  logInAs,
  makeUser,
  request,
  TEST_PASSWORD,
  type TestApp,
} from './helper.ts';
import { WEB_CLIENT_HEADER, WEB_SECRET_HEADER, webSecret } from '../src/auth/client-address.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, 'auth');
});
afterAll(async () => {
  await t.close();
});

const me = (cookie?: string) =>
  request(t.app, { method: 'GET', url: '/api/me', ...(cookie ? { cookie } : {}) });

describe('sign-up', () => {
  const signUp = (email: string, password = 'long enough password') =>
    request(t.app, {
      method: 'POST',
      url: '/api/auth/signup',
      payload: {
        email,
        password,
        displayName: '旭川 花子',
        roles: ['resident', 'volunteer'],
        privacyConsent: true,
      },
    });

  it('creates an account with both self-service roles, which then logs in', async () => {
    const response = await signUp(' Hanako@Example.test ');
    expect(response.statusCode).toBe(202);
    // No session: a new address is answered exactly like a registered one.
    expect(response.cookies.find((c) => c.name === 'sasaeai_session')).toBeUndefined();
    const cookie = await logInAs(t.app, 'hanako@example.test', 'long enough password');
    const body = (await me(cookie)).json();
    expect(body.user.email).toBe('hanako@example.test');
    expect(body.user.displayName).toBe('旭川 花子');
    expect(body.user.roles).toEqual([
      { role: 'resident', district: null },
      { role: 'volunteer', district: null },
    ]);
  });

  it('answers a registered address exactly like a new one, and changes nothing', async () => {
    const user = await makeUser(t.database);
    const taken = await signUp(user.email, 'another long password');
    const fresh = await signUp(`fresh-${crypto.randomUUID()}@example.test`);
    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(taken.json()).toEqual(fresh.json());
    expect(Object.keys(taken.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
    // The account keeps its password, its roles and its only row.
    await logInAs(t.app, user.email);
    await expect(logInAs(t.app, user.email, 'another long password')).rejects.toThrow();
    const rows = await t.database.db.select().from(users).where(eq(users.email, user.email));
    expect(rows).toHaveLength(1);
    const roles = await t.database.db
      .select()
      .from(roleAssignments)
      .where(eq(roleAssignments.userId, user.id));
    expect(roles).toHaveLength(0);
  });

  it('takes about as long for a registered address as for a new one', async () => {
    const user = await makeUser(t.database);
    const time = async (email: string) => {
      const started = performance.now();
      await signUp(email);
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
    const taken: number[] = [];
    const fresh: number[] = [];
    for (let i = 0; i < 3; i++) {
      taken.push(await time(user.email));
      fresh.push(await time(`timing-${crypto.randomUUID()}@example.test`));
    }
    const ratio = median(taken) / median(fresh);
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(5);
  });

  it('does not let anyone sign up as coordinator', async () => {
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/auth/signup',
      payload: {
        email: 'x@example.test',
        password: 'long enough password',
        displayName: 'x',
        roles: ['coordinator'],
        privacyConsent: true,
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields[0].field).toBe('body.roles.0');
  });
});

describe('log-in and log-out', () => {
  it('logs in with the right password and reads /api/me', async () => {
    const user = await makeUser(t.database, { roles: [{ role: 'resident' }] });
    const cookie = await logInAs(t.app, user.email);
    const response = await me(cookie);
    expect(response.statusCode).toBe(200);
    expect(response.json().user.id).toBe(user.id);
  });

  it('rejects a wrong password with 401 and the same message as an unknown email', async () => {
    const user = await makeUser(t.database);
    const wrong = await request(t.app, {
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: 'not the password' },
    });
    const unknown = await request(t.app, {
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.test', password: 'not the password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toEqual(unknown.json().error.message);
    expect(wrong.cookies.find((c) => c.name === 'sasaeai_session')).toBeUndefined();
  });

  it('log-out revokes the session server-side', async () => {
    const user = await makeUser(t.database);
    const cookie = await logInAs(t.app, user.email);
    const out = await request(t.app, { method: 'POST', url: '/api/auth/logout', cookie });
    expect(out.statusCode).toBe(204);
    // The old cookie value, replayed, no longer works.
    expect((await me(cookie)).statusCode).toBe(401);
    const left = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(left).toHaveLength(0);
  });

  it('answers 401 without a session and with a forged token', async () => {
    expect((await me()).statusCode).toBe(401);
    expect((await me('sasaeai_session=abc.def')).statusCode).toBe(401);
    const user = await makeUser(t.database);
    const cookie = await logInAs(t.app, user.email);
    const [id] = cookie.split('=')[1]!.split('.');
    expect((await me(`sasaeai_session=${id!}.wrongsecretwrongsecret`)).statusCode).toBe(401);
  });
});

describe('session expiry', () => {
  it('rejects an expired session and deletes it', async () => {
    const user = await makeUser(t.database);
    const cookie = await logInAs(t.app, user.email);
    await t.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, user.id));
    expect((await me(cookie)).statusCode).toBe(401);
    expect(
      await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id)),
    ).toHaveLength(0);
  });

  it('extends a session in the second half of its life and re-sends the cookie', async () => {
    const user = await makeUser(t.database);
    const cookie = await logInAs(t.app, user.email);
    const soon = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    await t.database.db
      .update(sessions)
      .set({ expiresAt: soon })
      .where(eq(sessions.userId, user.id));
    const response = await me(cookie);
    expect(response.statusCode).toBe(200);
    const renewed = response.cookies.find((c) => c.name === 'sasaeai_session');
    expect(renewed?.expires?.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000);
    const [row] = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(row!.expiresAt.getTime()).toBeGreaterThan(soon.getTime());
  });

  it('does not touch a fresh session', async () => {
    const user = await makeUser(t.database);
    const cookie = await logInAs(t.app, user.email);
    const response = await me(cookie);
    expect(response.cookies.find((c) => c.name === 'sasaeai_session')).toBeUndefined();
  });
});

describe('password change', () => {
  it('revokes the other sessions but keeps the current one', async () => {
    const user = await makeUser(t.database);
    const phone = await logInAs(t.app, user.email);
    const laptop = await logInAs(t.app, user.email);
    const change = await request(t.app, {
      method: 'POST',
      url: '/api/auth/password',
      cookie: laptop,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(change.statusCode).toBe(204);
    expect((await me(laptop)).statusCode).toBe(200);
    expect((await me(phone)).statusCode).toBe(401);
    await expect(logInAs(t.app, user.email)).rejects.toThrow();
    expect(await logInAs(t.app, user.email, 'a brand new passphrase')).toContain(
      'sasaeai_session=',
    );
  });

  it('refuses a wrong current password with a field error', async () => {
    const user = await makeUser(t.database);
    const cookie = await logInAs(t.app, user.email);
    const change = await request(t.app, {
      method: 'POST',
      url: '/api/auth/password',
      cookie,
      payload: { currentPassword: 'wrong wrong', newPassword: 'a brand new passphrase' },
    });
    expect(change.statusCode).toBe(400);
    expect(change.json().error.fields[0].field).toBe('body.currentPassword');
  });
});

describe('cross-origin protection', () => {
  it('rejects a POST whose browser says it is cross-site', async () => {
    const user = await makeUser(t.database);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'sec-fetch-site': 'cross-site' },
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('cross_origin');
  });

  it('rejects a POST whose Origin is another host', async () => {
    const user = await makeUser(t.database);
    const cookie = await logInAs(t.app, user.email);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { origin: 'https://evil.example', cookie },
      payload: {},
    });
    expect(response.statusCode).toBe(403);
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('accepts a POST whose Origin matches the host', async () => {
    const user = await makeUser(t.database);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'http://localhost:80', host: 'localhost:80' },
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('trusted proxies', () => {
  let proxied: TestApp;
  beforeAll(async () => {
    proxied = await createTestApp(
      { LOGIN_RATE_LIMIT_MAX: '2', TRUST_PROXY: '10.0.0.0/8' },
      'proxied',
    );
  });
  afterAll(async () => {
    await proxied.close();
  });
  const attempt = (email: string, remoteAddress: string, forwardedFor: string) =>
    request(proxied.app, {
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor },
      payload: { email, password: 'guess guess' },
    });

  it('honours X-Forwarded-For only from a configured proxy', async () => {
    const user = await makeUser(proxied.database);
    // Through the proxy, two clients have two counts.
    expect((await attempt(user.email, '10.0.0.5', '203.0.113.1')).statusCode).toBe(401);
    expect((await attempt(user.email, '10.0.0.5', '203.0.113.1')).statusCode).toBe(401);
    expect((await attempt(user.email, '10.0.0.5', '203.0.113.1')).statusCode).toBe(429);
    expect((await attempt(user.email, '10.0.0.5', '203.0.113.2')).statusCode).toBe(401);
    // Anyone else's header is ignored, loopback included.
    const other = await makeUser(proxied.database);
    const codes = [];
    for (let i = 0; i < 3; i++) {
      codes.push((await attempt(other.email, '127.0.0.1', `203.0.113.${10 + i}`)).statusCode);
    }
    expect(codes).toEqual([401, 401, 429]);
  });

  it('refuses a malformed proxy list at boot', () => {
    expect(() => loadApiEnv({ TRUST_PROXY: '10.0.0.0/8, not-an-address' })).toThrow(/TRUST_PROXY/);
    expect(loadApiEnv({}).TRUST_PROXY).toEqual([]);
    expect(loadApiEnv({ TRUST_PROXY: '127.0.0.1, ::1, 10.0.0.0/8' }).TRUST_PROXY).toEqual([
      '127.0.0.1',
      '::1',
      '10.0.0.0/8',
    ]);
  });
});

describe('log-in rate limit', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ LOGIN_RATE_LIMIT_MAX: '3' }, 'ratelimit');
  });
  afterAll(async () => {
    await limited.close();
  });
  const attempt = (email: string, password: string, remoteAddress: string) =>
    request(limited.app, {
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      payload: { email, password },
    });

  it('answers 429 after too many attempts for one account from one address', async () => {
    const user = await makeUser(limited.database);
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push((await attempt(user.email, 'guess guess', '10.9.8.7')).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    expect((await attempt(user.email, 'guess guess', '10.9.8.7')).json().error.code).toBe(
      'rate_limited',
    );
    // Even the right password is refused while limited, but another address is not.
    expect((await attempt(user.email, TEST_PASSWORD, '10.9.8.7')).statusCode).toBe(429);
    expect((await attempt(user.email, TEST_PASSWORD, '10.9.8.8')).statusCode).toBe(200);
  });

  it('does not give more guesses to a loopback caller rotating X-Forwarded-For', async () => {
    const user = await makeUser(limited.database);
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const response = await request(limited.app, {
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
        payload: { email: user.email, password: 'guess guess' },
      });
      codes.push(response.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429]);
  });

  it('attributes calls of the in-process web handler to the client it names, and nobody else', async () => {
    const user = await makeUser(limited.database);
    const fromWeb = (client: string, secret: string) =>
      request(limited.app, {
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '127.0.0.1',
        headers: { [WEB_CLIENT_HEADER]: client, [WEB_SECRET_HEADER]: secret },
        payload: { email: user.email, password: 'guess guess' },
      });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await fromWeb('192.0.2.10', webSecret)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    // Another real client behind the same web handler has its own count.
    expect((await fromWeb('192.0.2.11', webSecret)).statusCode).toBe(401);
    // Without the process's secret the header is ignored: all of these count as loopback's.
    const forged = [];
    for (let i = 0; i < 4; i++) {
      forged.push((await fromWeb(`192.0.2.${20 + i}`, 'a guessed secret')).statusCode);
    }
    expect(forged).toEqual([401, 401, 401, 429]);
  });

  it('keeps no e-mail address in its Redis keys', async () => {
    const user = await makeUser(limited.database, {
      email: `keys-${crypto.randomUUID()}@example.test`,
    });
    expect((await attempt(user.email, 'guess guess', '10.4.4.4')).statusCode).toBe(401);
    const keys = await limited.app.redis.keys(`${limited.config.REDIS_PREFIX}:*`);
    expect(keys.length).toBeGreaterThan(0);
    const localPart = user.email.split('@')[0]!.toLowerCase();
    for (const key of keys) {
      expect(key.toLowerCase()).not.toContain(localPart);
      expect(key).not.toContain('@');
    }
  });

  it('limits one address trying many accounts', async () => {
    const codes = [];
    for (let i = 0; i < 16; i++) {
      codes.push((await attempt(`nobody${i}@example.test`, 'guess guess', '10.1.1.1')).statusCode);
    }
    expect(codes.slice(0, 15).every((code) => code === 401)).toBe(true);
    expect(codes[15]).toBe(429);
  });
});

describe('per-account log-in limit', () => {
  let guarded: TestApp;
  beforeAll(async () => {
    guarded = await createTestApp(
      { LOGIN_ACCOUNT_RATE_LIMIT_MAX: '4', LOGIN_RATE_LIMIT_WINDOW_MS: '3000' },
      'accountlimit',
    );
  });
  afterAll(async () => {
    await guarded.close();
  });
  const attempt = (email: string, password: string, remoteAddress: string) =>
    request(guarded.app, {
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      payload: { email, password },
    });

  it('counts failures from every address, says when to try again, and lifts after the window', async () => {
    const user = await makeUser(guarded.database);
    for (let i = 0; i < 4; i++) {
      expect((await attempt(user.email, 'guess guess', `10.20.0.${i + 1}`)).statusCode).toBe(401);
    }
    const refused = await attempt(user.email, 'guess guess', '10.20.1.1');
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    expect(refused.json().error.message.en).toContain('1 minute');
    expect(refused.json().error.message.ja).toContain('1分');
    // Even the right password, from an address never seen, waits; other accounts do not.
    expect((await attempt(user.email, TEST_PASSWORD, '10.20.2.2')).statusCode).toBe(429);
    const other = await makeUser(guarded.database);
    expect((await attempt(other.email, TEST_PASSWORD, '10.20.1.1')).statusCode).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    expect((await attempt(user.email, TEST_PASSWORD, '10.20.2.2')).statusCode).toBe(200);
  });

  it('does not count successful log-ins as failures', async () => {
    const user = await makeUser(guarded.database);
    for (let i = 0; i < 6; i++) {
      expect((await attempt(user.email, TEST_PASSWORD, `10.21.0.${i + 1}`)).statusCode).toBe(200);
    }
  });
});

describe('sign-up rate limit', () => {
  let capped: TestApp;
  beforeAll(async () => {
    capped = await createTestApp({ SIGNUP_RATE_LIMIT_MAX: '1' }, 'signuplimit');
  });
  afterAll(async () => {
    await capped.close();
  });
  const signUp = () =>
    request(capped.app, {
      method: 'POST',
      url: '/api/auth/signup',
      remoteAddress: '10.30.0.1',
      payload: {
        email: `signup-${crypto.randomUUID()}@example.test`,
        password: 'long enough password',
        displayName: 'x',
        roles: ['resident'],
        privacyConsent: true,
      },
    });

  it('says when to try again, in the header and in minutes in both languages', async () => {
    expect((await signUp()).statusCode).toBeLessThan(300);
    const refused = await signUp();
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(59 * 60);
    expect(retryAfter).toBeLessThanOrEqual(60 * 60);
    expect(refused.json().error.message).toEqual({
      ja: '回数が多すぎます。60分ほど待ってから、もう一度お試しください。',
      en: 'Too many attempts. Please try again in 60 minutes.',
    });
  });
});

describe('while Redis is down', () => {
  let broken: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: the machine's shared Redis is left alone.
    broken = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' }, 'redisdown');
  });
  afterAll(async () => {
    await broken.close();
  });

  it.each(['/api/auth/login', '/api/auth/signup'])(
    '%s fails closed with 503 and "try again in a minute", never 500',
    async (url) => {
      const user = await makeUser(broken.database);
      const response = await request(broken.app, {
        method: 'POST',
        url,
        payload: {
          email: url.endsWith('login') ? user.email : `new-${crypto.randomUUID()}@example.test`,
          password: TEST_PASSWORD,
          displayName: 'x',
          roles: ['resident'],
          privacyConsent: true,
        },
      });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('60');
      const body = response.json();
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message.en).toContain('try again in a minute');
      expect(body.error.message.ja).toContain('1分ほど');
      expect(response.cookies.find((c) => c.name === 'sasaeai_session')).toBeUndefined();
    },
  );
});
