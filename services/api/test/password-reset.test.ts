import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { issuePasswordResetLink } from '@sasaeai/db/action-links';
import { auditEvents, outbox, sessions } from '@sasaeai/db/schema';
import {
  createTestApp,
  logInAs,
  makeUser,
  request,
  TEST_PASSWORD,
  type TestApp,
} from './helper.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp(
    { PASSWORD_RESET_RATE_LIMIT_MAX: '1000', ACTION_LINK_RATE_LIMIT_MAX: '1000' },
    'pwreset',
  );
});
afterAll(async () => {
  await t.close();
});

function ask(email: string) {
  return request(t.app, { method: 'POST', url: '/api/auth/password-reset', payload: { email } });
}

async function resetRows(userId?: string) {
  const rows = await t.database.db
    .select()
    .from(outbox)
    .where(eq(outbox.topic, 'notification.requested'));
  return rows.filter((row) => !userId || (row.payload as { userId?: string }).userId === userId);
}

const tokenOf = (path: string) => path.replace(/^\/password-reset\//, '');

function setPassword(token: string, newPassword: string) {
  return request(t.app, {
    method: 'POST',
    url: `/api/auth/password-reset/${token}`,
    payload: { newPassword },
  });
}

describe('asking for a password-reset mail', () => {
  it('answers the same whether or not the account exists; only an account gets an outbox row', async () => {
    const user = await makeUser(t.database);
    const known = await ask(user.email);
    const unknown = await ask(`nobody-${crypto.randomUUID()}@example.test`);
    for (const response of [known, unknown]) expect(response.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const strip = (headers: Record<string, unknown>) => {
      const {
        'x-request-id': _id,
        'x-ratelimit-remaining': _remaining,
        'x-ratelimit-reset': _reset,
        date: _date,
        ...rest
      } = headers;
      return rest;
    };
    expect(strip(known.headers)).toEqual(strip(unknown.headers));

    const rows = await resetRows(user.id);
    expect(rows).toHaveLength(1);
    // Ids only: never the address, never a token.
    expect(rows[0]!.payload).toEqual({ userId: user.id, kind: 'password_reset' });
    expect(await resetRows()).toHaveLength(1);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, user.id));
    expect(audit.map((event) => event.action)).toContain('account.password_reset_requested');
  });

  it('sends one address at most three mails an hour, still answering the same', async () => {
    const user = await makeUser(t.database);
    for (let i = 0; i < 5; i += 1) expect((await ask(user.email)).statusCode).toBe(202);
    expect(await resetRows(user.id)).toHaveLength(3);
  });

  it('validates the address with a bilingual field error', async () => {
    const response = await ask('not an email');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields[0]).toMatchObject({ field: 'body.email' });
    expect(response.json().error.fields[0].message.ja).toBeTruthy();
  });

  it('is rate-limited per address of the asker', async () => {
    const limited = await createTestApp({ PASSWORD_RESET_RATE_LIMIT_MAX: '2' }, 'pwresetrate');
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const response = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/password-reset',
          payload: { email: `someone-${String(i)}@example.test` },
        });
        codes.push(response.statusCode);
      }
      expect(codes).toEqual([202, 202, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('setting a new password from the link', () => {
  it('sets it, ends every session of the account, and uses the link up', async () => {
    const user = await makeUser(t.database);
    const cookies = [await logInAs(t.app, user.email), await logInAs(t.app, user.email)];
    const { path } = await issuePasswordResetLink(t.database.db, { userId: user.id });
    const token = tokenOf(path);

    const check = await request(t.app, { method: 'GET', url: `/api/auth/password-reset/${token}` });
    expect(check.statusCode).toBe(200);
    expect(new Date(check.json().expiresAt).getTime()).toBeGreaterThan(Date.now());

    const response = await setPassword(token, 'a brand new passphrase');
    expect(response.statusCode).toBe(204);

    for (const cookie of cookies) {
      expect((await request(t.app, { method: 'GET', url: '/api/me', cookie })).statusCode).toBe(
        401,
      );
    }
    expect(
      await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id)),
    ).toHaveLength(0);
    await expect(logInAs(t.app, user.email, TEST_PASSWORD)).rejects.toThrow();
    await logInAs(t.app, user.email, 'a brand new passphrase');

    const again = await setPassword(token, 'yet another passphrase');
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('link_used');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, user.id));
    expect(audit.map((event) => event.action)).toContain('account.password_reset');
  });

  it('refuses expired, tampered and superseded links, and leaves the password alone', async () => {
    const user = await makeUser(t.database);
    const expired = await issuePasswordResetLink(t.database.db, {
      userId: user.id,
      now: new Date(Date.now() - 2 * 60 * 60 * 1000),
    });
    const expiredResponse = await setPassword(tokenOf(expired.path), 'a brand new passphrase');
    expect(expiredResponse.statusCode).toBe(410);
    expect(expiredResponse.json().error.code).toBe('link_expired');

    const first = await issuePasswordResetLink(t.database.db, { userId: user.id });
    const second = await issuePasswordResetLink(t.database.db, { userId: user.id });
    expect((await setPassword(tokenOf(first.path), 'a brand new passphrase')).statusCode).toBe(410);

    const token = tokenOf(second.path);
    const tampered = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    const tamperedResponse = await setPassword(tampered, 'a brand new passphrase');
    expect(tamperedResponse.statusCode).toBe(404);
    expect(tamperedResponse.json().error.code).toBe('link_invalid');
    await logInAs(t.app, user.email, TEST_PASSWORD);
  });

  it('wants a long enough password, and the link still works after a refusal', async () => {
    const user = await makeUser(t.database);
    const { path } = await issuePasswordResetLink(t.database.db, { userId: user.id });
    const short = await setPassword(tokenOf(path), 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields[0].field).toBe('body.newPassword');
    expect((await setPassword(tokenOf(path), 'long enough now')).statusCode).toBe(204);
  });

  it('keeps the same-origin check', async () => {
    const user = await makeUser(t.database);
    const { path } = await issuePasswordResetLink(t.database.db, { userId: user.id });
    const response = await request(t.app, {
      method: 'POST',
      url: `/api/auth/password-reset/${tokenOf(path)}`,
      headers: { 'sec-fetch-site': 'cross-site' },
      payload: { newPassword: 'a brand new passphrase' },
    });
    expect(response.statusCode).toBe(403);
  });
});
