import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, 'reading_aids');
});
afterAll(async () => {
  await t.close();
});

const put = (payload: unknown, cookie?: string) =>
  request(t.app, {
    method: 'PUT',
    url: '/api/me/reading-aids',
    payload: payload as Record<string, unknown>,
    ...(cookie ? { cookie } : {}),
  });

describe('PUT /api/me/reading-aids', () => {
  it('starts with none and remembers the choice on the account, across sessions', async () => {
    const user = await makeUser(t.database, { roles: [{ role: 'resident' }] });
    const cookie = await logInAs(t.app, user.email);
    const before = await request(t.app, { method: 'GET', url: '/api/me', cookie });
    expect(before.json().user.readingAids).toEqual({
      furigana: false,
      textSize: 'normal',
      highContrast: false,
    });

    const aids = { furigana: true, textSize: 'largest', highContrast: true };
    const saved = await put(aids, cookie);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().user.readingAids).toEqual(aids);

    const again = await logInAs(t.app, user.email);
    const after = await request(t.app, { method: 'GET', url: '/api/me', cookie: again });
    expect(after.json().user.readingAids).toEqual(aids);
  });

  it('refuses a size outside the three, a missing field and unknown fields, naming them', async () => {
    const user = await makeUser(t.database);
    const cookie = await logInAs(t.app, user.email);
    const cases = [
      [{ furigana: true, textSize: 'huge', highContrast: false }, 'body.textSize'],
      [{ furigana: 'yes', textSize: 'large', highContrast: false }, 'body.furigana'],
      [{ furigana: true, textSize: 'large' }, 'body.highContrast'],
    ] as const;
    for (const [payload, field] of cases) {
      const response = await put(payload, cookie);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const fields = response.json().error.fields.map((f: { field: string }) => f.field);
      expect(fields).toContain(field);
    }
    const extra = await put(
      { furigana: true, textSize: 'large', highContrast: false, role: 'admin' },
      cookie,
    );
    expect(extra.statusCode).toBe(400);
    const me = await request(t.app, { method: 'GET', url: '/api/me', cookie });
    expect(me.json().user.readingAids.textSize).toBe('normal');
  });

  it('needs a session, and the same origin', async () => {
    const anonymous = await put({ furigana: true, textSize: 'large', highContrast: false });
    expect(anonymous.statusCode).toBe(401);

    const user = await makeUser(t.database);
    const cookie = await logInAs(t.app, user.email);
    const crossSite = await t.app.inject({
      method: 'PUT',
      url: '/api/me/reading-aids',
      headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      payload: { furigana: true, textSize: 'large', highContrast: false },
    });
    expect(crossSite.statusCode).toBe(403);
    const me = await request(t.app, { method: 'GET', url: '/api/me', cookie });
    expect(me.json().user.readingAids.furigana).toBe(false);
  });
});
