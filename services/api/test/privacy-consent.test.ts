import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { PRIVACY_NOTICE_VERSION } from '@sasaeai/contracts';
import { auditEvents, users } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { NAGAYAMA_ADDRESS, snowRequest } from './help-loop-fixtures.ts';

/** Trust #11 (APPI): nobody's data is kept without consent to the privacy notice, recorded. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, 'privacy');
});
afterAll(async () => {
  await t.close();
});

const signUp = (payload: Record<string, unknown>) =>
  request(t.app, {
    method: 'POST',
    url: '/api/auth/signup',
    payload: {
      email: `consent-${crypto.randomUUID()}@example.test`,
      password: 'long enough password',
      displayName: '旭川 花子',
      roles: ['resident'],
      ...payload,
    },
  });

describe('consent at sign-up', () => {
  it('records when and to which notice version the person agreed', async () => {
    const before = Date.now();
    const email = `agreed-${crypto.randomUUID()}@example.test`;
    const response = await signUp({ privacyConsent: true, email });
    expect(response.statusCode).toBe(202);
    const [row] = await t.database.db.select().from(users).where(eq(users.email, email));
    expect(row!.privacyNoticeVersion).toBe(PRIVACY_NOTICE_VERSION);
    expect(row!.privacyConsentAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it.each([
    ['missing', {}],
    ['false', { privacyConsent: false }],
    ['the string "true"', { privacyConsent: 'true' }],
    ['NUL', { privacyConsent: '\u0000' }],
  ])('refuses consent %s with a bilingual field error and writes nothing', async (_, body) => {
    const email = `refused-${crypto.randomUUID()}@example.test`;
    const response = await signUp({ ...body, email });
    expect(response.statusCode).toBe(400);
    const field = response
      .json()
      .error.fields.find((f: { field: string }) => f.field === 'body.privacyConsent');
    expect(field.message.ja).toContain('同意');
    expect(field.message.en).toContain('privacy notice');
    expect(await t.database.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });
});

describe('consent at the phone intake', () => {
  it('records the notice version on the new resident, and refuses without the tick', async () => {
    const coordinator = await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'nagayama' }],
    });
    const cookie = await logInAs(t.app, coordinator.email);
    const newResident = (consentByPhone: unknown) =>
      request(t.app, {
        method: 'POST',
        url: '/api/help-requests',
        cookie,
        payload: snowRequest({
          where: { kind: 'other', address: NAGAYAMA_ADDRESS },
          onBehalfOf: {
            kind: 'new',
            fullName: '永山 一郎',
            fullNameKana: 'ながやま いちろう',
            phone: '0166-02-3456',
            address: NAGAYAMA_ADDRESS,
            consentByPhone,
          },
        }),
      });

    const refused = await newResident(false);
    expect(refused.statusCode).toBe(400);
    const field = refused.json().error.fields[0];
    expect(field.field).toBe('body.onBehalfOf.consentByPhone');
    expect(field.message.ja).toContain('同意');
    expect(field.message.en).toContain('privacy notice');

    const taken = await newResident(true);
    expect(taken.statusCode).toBe(201);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'help_request.created'));
    const [created] = await t.database.db
      .select()
      .from(users)
      .where(eq(users.displayName, '永山 一郎'));
    expect(audit).toBeDefined();
    expect(created!.privacyNoticeVersion).toBe(PRIVACY_NOTICE_VERSION);
    expect(created!.privacyConsentAt).not.toBeNull();
  });
});
