import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { issueOfferActionLinks, issuePasswordResetLink } from '@sasaeai/db/action-links';
import { proposeMatch } from '@sasaeai/db/help-loop';
import {
  actionTokens,
  auditEvents,
  helpRequests,
  matches,
  outbox,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { withoutLinkToken } from '../src/logging/request-serializer.ts';
import { CHUO_ADDRESS, makeResident, makeVolunteer, snowRequest } from './help-loop-fixtures.ts';

let t: TestApp;
let residentCookie: string;
let coordinatorCookie: string;

const breakdown = {
  total: 1,
  terms: [{ term: 'distance' as const, points: 1, detail: '同じ地区' }],
};
const inADay = () => new Date(Date.now() + 24 * 3_600_000);

beforeAll(async () => {
  t = await createTestApp({ ACTION_LINK_RATE_LIMIT_MAX: '1000' }, 'actionlinks');
  residentCookie = await logInAs(t.app, (await makeResident(t.database)).email);
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  coordinatorCookie = await logInAs(t.app, coordinator.email);
});
afterAll(async () => {
  await t.close();
});

/** A request of the resident, offered to a new volunteer by the coordinator, and its two links. */
async function offered(expiresAt = inADay()) {
  const volunteer = await makeVolunteer(t.database);
  const asked = await request(t.app, {
    method: 'POST',
    url: '/api/help-requests',
    cookie: residentCookie,
    payload: snowRequest(),
  });
  const requestId = asked.json().request.id as string;
  const { matchId } = await proposeMatch(t.database.db, {
    requestId,
    volunteerId: volunteer.id,
    score: 1,
    breakdown,
  });
  const approved = await request(t.app, {
    method: 'POST',
    url: `/api/matches/${matchId!}/approve`,
    cookie: coordinatorCookie,
  });
  expect(approved.json().match.status).toBe('offered');
  const links = await issueOfferActionLinks(t.database.db, { matchId: matchId!, expiresAt });
  const token = (path: string) => path.replace(/^\/a\//, '');
  return {
    volunteer,
    requestId,
    matchId: matchId!,
    accept: token(links.acceptPath),
    decline: token(links.declinePath),
  };
}

/** A link is used without a session cookie, as from a phone's mail app. */
function view(token: string) {
  return request(t.app, { method: 'GET', url: `/api/actions/${token}` });
}
function answer(token: string, value: 'accept' | 'decline') {
  return request(t.app, {
    method: 'POST',
    url: `/api/actions/${token}`,
    payload: { answer: value },
  });
}

async function revealsOf(requestId: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, 'resident.contact_revealed'),
        eq(auditEvents.subjectId, requestId),
      ),
    );
}

describe('one-tap links to answer an offer', () => {
  it('issues paths with a token, storing only the hash of its secret', async () => {
    const { volunteer, matchId, accept, decline } = await offered();
    expect(accept).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{24}$/);
    expect(decline).not.toBe(accept);
    const rows = await t.database.db
      .select()
      .from(actionTokens)
      .where(eq(actionTokens.matchId, matchId));
    expect(rows.map((row) => row.purpose).sort()).toEqual(['offer.accept', 'offer.decline']);
    expect(rows.every((row) => row.userId === volunteer.id)).toBe(true);
    const stored = JSON.stringify(rows.map((row) => [row.id, Buffer.from(row.secretHash)]));
    expect(stored).not.toContain(accept.split('.')[1]);
  });

  it('shows what the offer is for, without the address, to someone not logged in', async () => {
    const { accept } = await offered();
    const response = await view(accept);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      purpose: 'offer.accept',
      state: 'open',
      task: {
        category: 'snow',
        district: 'chuo',
        peopleNeeded: 1,
        notes: '玄関前の雪をお願いします',
      },
    });
    expect(response.body).not.toContain(CHUO_ADDRESS);
    expect(response.body).not.toContain('0166-01-2345');
  });

  it('accepts: the contact as the app shows it, the reveal audited, both links used up', async () => {
    const { volunteer, requestId, matchId, accept, decline } = await offered();
    expect(await revealsOf(requestId)).toHaveLength(0);
    const response = await answer(accept, 'accept');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      state: 'accepted',
      contact: { fullName: '旭川 花子', address: CHUO_ADDRESS, phone: '0166-01-2345' },
    });
    const [match] = await t.database.db.select().from(matches).where(eq(matches.id, matchId));
    expect(match!.status).toBe('accepted');
    const reveals = await revealsOf(requestId);
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ actorId: volunteer.id, details: { via: 'volunteer' } });
    const accepted = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'match.accepted'), eq(auditEvents.subjectId, matchId)));
    expect(accepted[0]?.actorId).toBe(volunteer.id);

    for (const token of [accept, decline]) {
      const again = await answer(token, 'accept');
      expect(again.statusCode).toBe(410);
      expect(again.json().error.code).toBe('link_used');
      expect(again.json().error.message.ja).toContain('使われています');
    }
    expect(await revealsOf(requestId)).toHaveLength(1);

    // The page the answer redirects to: for a short while the link shows what was done, the
    // contact included (each showing audited); the other link of the offer shows the same.
    for (const token of [accept, decline]) {
      const shown = await view(token);
      expect(shown.statusCode, shown.body).toBe(200);
      expect(shown.json()).toMatchObject({
        state: 'accepted',
        answeredAt: expect.any(String),
        contact: { address: CHUO_ADDRESS, phone: '0166-01-2345' },
      });
    }
    expect(await revealsOf(requestId)).toHaveLength(3);
    // Later a used link says only that.
    await t.database.db
      .update(actionTokens)
      .set({ usedAt: new Date(Date.now() - 16 * 60_000) })
      .where(eq(actionTokens.matchId, matchId));
    for (const token of [accept, decline]) {
      const later = await view(token);
      expect(later.statusCode).toBe(410);
      expect(later.json().error.code).toBe('link_used');
      expect(later.body).not.toContain(CHUO_ADDRESS);
    }
    expect(await revealsOf(requestId)).toHaveLength(3);
  });

  it('shows no contact after the answer once the volunteer is suspended or the request cancelled', async () => {
    const suspended = await offered();
    expect((await answer(suspended.accept, 'accept')).json().state).toBe('accepted');
    await t.database.db
      .update(volunteerProfiles)
      .set({ verification: 'suspended' })
      .where(eq(volunteerProfiles.userId, suspended.volunteer.id));
    const afterSuspension = await view(suspended.accept);
    expect(afterSuspension.statusCode).toBe(200);
    expect(afterSuspension.json()).toMatchObject({ contact: null });
    expect(afterSuspension.body).not.toContain(CHUO_ADDRESS);
    expect(await revealsOf(suspended.requestId)).toHaveLength(1);

    const cancelled = await offered();
    expect((await answer(cancelled.accept, 'accept')).json().state).toBe('accepted');
    const cancel = await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${cancelled.requestId}/cancel`,
      cookie: residentCookie,
      payload: {},
    });
    expect(cancel.statusCode).toBe(200);
    const afterCancel = await view(cancelled.accept);
    expect(afterCancel.statusCode).toBe(200);
    expect(afterCancel.json()).toMatchObject({ contact: null });
    expect(afterCancel.body).not.toContain('0166-01-2345');
    expect(await revealsOf(cancelled.requestId)).toHaveLength(1);
  });

  it('an unused link shows no answer and no contact', async () => {
    const { accept } = await offered();
    expect((await view(accept)).json()).toMatchObject({ answeredAt: null, contact: null });
  });

  it('declines: the request goes back to matching with an outbox row, no contact', async () => {
    const { requestId, decline } = await offered();
    const before = await t.database.db.select().from(outbox);
    const response = await answer(decline, 'decline');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ state: 'declined', contact: null });
    expect(response.body).not.toContain(CHUO_ADDRESS);
    const shown = await view(decline);
    expect(shown.json()).toMatchObject({ state: 'declined', contact: null });
    expect(shown.body).not.toContain(CHUO_ADDRESS);
    const [row] = await t.database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.id, requestId));
    expect(row!.status).toBe('matching');
    const after = await t.database.db.select().from(outbox);
    expect(after.length).toBeGreaterThan(before.length);
    expect(await revealsOf(requestId)).toHaveLength(0);
  });

  it('acts once when both links, or one link twice, are tapped at the same moment', async () => {
    const both = await offered();
    const [first, second] = await Promise.all([
      answer(both.accept, 'accept'),
      answer(both.decline, 'decline'),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses[0]).toBe(200);
    expect([409, 410]).toContain(statuses[1]);

    const twice = await offered();
    const taps = await Promise.all([
      answer(twice.accept, 'accept'),
      answer(twice.accept, 'accept'),
    ]);
    expect(taps.map((tap) => tap.statusCode).sort()).toEqual([200, 410]);
    expect(await revealsOf(twice.requestId)).toHaveLength(1);
  });

  it('lets the volunteer choose on the page: the decline link may still accept', async () => {
    const { decline } = await offered();
    const response = await answer(decline, 'accept');
    expect(response.statusCode).toBe(200);
    expect(response.json().contact.address).toBe(CHUO_ADDRESS);
  });

  it('says an expired link has expired, and changes nothing', async () => {
    const { matchId, accept } = await offered(new Date(Date.now() - 1000));
    expect((await view(accept)).statusCode).toBe(410);
    const response = await answer(accept, 'accept');
    expect(response.statusCode).toBe(410);
    expect(response.json().error).toMatchObject({
      code: 'link_expired',
      message: { ja: 'このリンクは、期限が切れています。', en: 'This link has expired.' },
    });
    const [match] = await t.database.db.select().from(matches).where(eq(matches.id, matchId));
    expect(match!.status).toBe('offered');
  });

  it('refuses a tampered, unknown or mangled link with one clear 404, never a 500', async () => {
    const { matchId, accept } = await offered();
    const [id, secret] = accept.split('.') as [string, string];
    const flipped = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
    const unknown = `${'a'.repeat(24)}.${'b'.repeat(24)}`;
    for (const token of [
      flipped,
      unknown,
      'not-a-token',
      `${accept}x`,
      encodeURIComponent('../..'),
    ]) {
      for (const response of [await view(token), await answer(token, 'accept')]) {
        expect(response.statusCode).toBe(404);
        expect(response.json().error.code).toBe('link_invalid');
        expect(response.json().error.message.en).toContain('link');
      }
    }
    const [match] = await t.database.db.select().from(matches).where(eq(matches.id, matchId));
    expect(match!.status).toBe('offered');
  });

  it('does not take a password-reset token for an offer', async () => {
    const { volunteer } = await offered();
    const { path } = await issuePasswordResetLink(t.database.db, { userId: volunteer.id });
    const token = path.replace('/password-reset/', '');
    expect((await view(token)).json().error.code).toBe('link_invalid');
  });

  it('says so when the offer was withdrawn meanwhile, leaving the link unused', async () => {
    const { requestId, accept } = await offered();
    await request(t.app, {
      method: 'POST',
      url: `/api/help-requests/${requestId}/cancel`,
      cookie: residentCookie,
      payload: {},
    });
    expect((await view(accept)).json().state).toBe('withdrawn');
    const response = await answer(accept, 'accept');
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('offer_closed');
    expect(response.json().error.message.ja).toContain('取り消されたか');
    expect(response.body).not.toContain(CHUO_ADDRESS);
    expect((await view(accept)).json().state).toBe('withdrawn');
  });

  it('says so when the offer was answered in the app, or the volunteer is suspended', async () => {
    const answeredInApp = await offered();
    const volunteerCookie = await logInAs(t.app, answeredInApp.volunteer.email);
    await request(t.app, {
      method: 'POST',
      url: `/api/matches/${answeredInApp.matchId}/decline`,
      cookie: volunteerCookie,
    });
    expect((await view(answeredInApp.accept)).json().state).toBe('declined');
    expect((await answer(answeredInApp.accept, 'accept')).json().error.message.ja).toContain(
      'もう断っています',
    );

    const paused = await offered();
    await t.database.db
      .update(volunteerProfiles)
      .set({ verification: 'suspended' })
      .where(eq(volunteerProfiles.userId, paused.volunteer.id));
    expect((await view(paused.accept)).json().state).toBe('volunteer_suspended');
    const response = await answer(paused.accept, 'accept');
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message.en).toContain('paused');
    const [match] = await t.database.db
      .select()
      .from(matches)
      .where(eq(matches.id, paused.matchId));
    expect(match!.status).toBe('offered');
  });

  it('keeps the same-origin check and validates the answer', async () => {
    const { accept } = await offered();
    const crossSite = await request(t.app, {
      method: 'POST',
      url: `/api/actions/${accept}`,
      headers: { 'sec-fetch-site': 'cross-site' },
      payload: { answer: 'accept' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.code).toBe('cross_origin');
    const bad = await request(t.app, {
      method: 'POST',
      url: `/api/actions/${accept}`,
      payload: { answer: 'maybe' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('body.answer');
    expect((await view(accept)).json().state).toBe('open');
  });
});

describe('rate limit on one-tap links', () => {
  it('answers 429 after too many tries from one address', async () => {
    const limited = await createTestApp({ ACTION_LINK_RATE_LIMIT_MAX: '3' }, 'actionrate');
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const response = await limited.app.inject({
          method: 'GET',
          url: `/api/actions/${'a'.repeat(24)}.${'c'.repeat(24)}`,
        });
        codes.push(response.statusCode);
      }
      expect(codes).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('link tokens in the request log', () => {
  it('are cut out of every path that carries one', () => {
    const token = `${'a'.repeat(24)}.${'b'.repeat(24)}`;
    expect(withoutLinkToken(`/api/actions/${token}`)).toBe('/api/actions/[token]');
    expect(withoutLinkToken(`/a/${token}?/answer`)).toBe('/a/[token]?/answer');
    expect(withoutLinkToken(`/password-reset/${token}`)).toBe('/password-reset/[token]');
    expect(withoutLinkToken(`/api/auth/password-reset/${token}`)).toBe(
      '/api/auth/password-reset/[token]',
    );
    expect(withoutLinkToken('/api/auth/password-reset')).toBe('/api/auth/password-reset');
    expect(withoutLinkToken('/about/a/b')).toBe('/about/a/b');
  });
});
