import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, concerns } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { jstDate, NAGAYAMA_ADDRESS } from './help-loop-fixtures.ts';
import { makeConcern } from './concern-fixtures.ts';
import { loadSessionUser } from '../src/repositories/users-repository.ts';
import { requestDeletion } from '../src/use-cases/personal-data/deletion-requests.ts';

/** 見守り cases: notes, referrals, follow-up and closing; who may do what; attack inputs. */
let t: TestApp;
const cookie = {} as Record<'coord' | 'otherCoord' | 'minsei' | 'otherMinsei' | 'council', string>;
const unknownId = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await createTestApp({}, 'concern_cases');
  const people = {
    coord: await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] }),
    otherCoord: await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'nagayama' }],
    }),
    minsei: await makeUser(t.database, { roles: [{ role: 'minsei_iin', district: 'chuo' }] }),
    otherMinsei: await makeUser(t.database, {
      roles: [{ role: 'minsei_iin', district: 'nagayama' }],
    }),
    council: await makeUser(t.database, { roles: [{ role: 'council' }] }),
  };
  for (const [key, person] of Object.entries(people)) {
    cookie[key as keyof typeof cookie] = await logInAs(t.app, person.email);
  }
});
afterAll(async () => {
  await t.close();
});

const call = (
  who: keyof typeof cookie,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: object,
) => request(t.app, { method, url, cookie: cookie[who], ...(payload ? { payload } : {}) });

describe('a coordinator works a case', () => {
  it('adds notes, refers, sets a follow-up and closes, each audited with ids and field names only', async () => {
    const { concernId } = await makeConcern(t.database);
    const note = await call('coord', 'POST', `/api/concerns/${concernId}/notes`, {
      text: '電話で 様子を 伺いました',
    });
    expect(note.statusCode, note.body).toBe(201);
    const consultation = await call('coord', 'POST', `/api/concerns/${concernId}/notes`, {
      text: 'ご家族から 相談',
      kind: 'consultation',
    });
    expect(consultation.statusCode).toBe(201);

    const referral = await call('coord', 'POST', `/api/concerns/${concernId}/referrals`, {
      to: 'houkatsu',
      note: '包括に 連絡予定',
      followUpOn: jstDate(7),
    });
    expect(referral.statusCode, referral.body).toBe(201);
    const referralId = referral.json().id as string;
    // A referral puts an open case in progress.
    let view = (await call('coord', 'GET', `/api/concerns/${concernId}`)).json();
    expect(view.concern.status).toBe('in_progress');
    expect(view.concern.followUpOn).toBe(jstDate(7));
    expect(view.notes.map((n: { kind: string }) => n.kind)).toEqual(['note', 'consultation']);
    expect(view.canManage).toBe(true);

    for (const status of ['made', 'accepted']) {
      const moved = await call(
        'coord',
        'PATCH',
        `/api/concerns/${concernId}/referrals/${referralId}`,
        { status },
      );
      expect(moved.statusCode, moved.body).toBe(200);
    }
    // accepted → made is not a move a referral makes.
    const back = await call(
      'coord',
      'PATCH',
      `/api/concerns/${concernId}/referrals/${referralId}`,
      { status: 'made' },
    );
    expect(back.statusCode).toBe(409);

    const dated = await call('coord', 'PATCH', `/api/concerns/${concernId}`, {
      followUpOn: jstDate(-2),
    });
    expect(dated.statusCode, dated.body).toBe(200);
    view = (await call('coord', 'GET', `/api/concerns/${concernId}`)).json();
    expect(view.concern.overdue).toBe(true);
    // Overdue cases come first in the list.
    await makeConcern(t.database);
    const list = (await call('coord', 'GET', '/api/concerns')).json();
    expect(list.concerns[0].id).toBe(concernId);

    const closed = await call('coord', 'PATCH', `/api/concerns/${concernId}`, { status: 'closed' });
    expect(closed.json().status).toBe('closed');
    const [row] = await t.database.db.select().from(concerns).where(eq(concerns.id, concernId));
    expect(row?.followedUpAt).not.toBeNull();
    view = (await call('coord', 'GET', `/api/concerns/${concernId}`)).json();
    expect(view.concern.followUpOn).toBeNull();
    expect(view.concern.overdue).toBe(false);
    // A closed case takes no new referral until it is reopened.
    const late = await call('coord', 'POST', `/api/concerns/${concernId}/referrals`, {
      to: 'family',
    });
    expect(late.statusCode).toBe(409);
    const closedList = (await call('coord', 'GET', '/api/concerns?status=closed')).json();
    expect(closedList.concerns.map((c: { id: string }) => c.id)).toContain(concernId);

    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'concern'), eq(auditEvents.subjectId, concernId)));
    expect(audit.map((a) => a.action).sort()).toEqual(
      [
        'concern.note_added',
        'concern.note_added',
        'concern.referral_added',
        'concern.referral_updated',
        'concern.referral_updated',
        'concern.updated',
        'concern.updated',
      ].sort(),
    );
    const written = JSON.stringify(audit.map((a) => a.details));
    expect(written).not.toContain('電話');
    expect(written).not.toContain('包括に');
  });

  it('the inbox’s one-step follow-up closes the case', async () => {
    const { concernId } = await makeConcern(t.database);
    const response = await call('coord', 'POST', `/api/concerns/${concernId}/follow-up`);
    expect(response.json()).toEqual({ id: concernId, status: 'closed' });
    // What depends on it: the inbox (open cases) no longer lists it; reopening brings it back.
    const ids = async (status: string) =>
      (
        (await call('coord', 'GET', `/api/concerns?status=${status}`)).json().concerns as {
          id: string;
        }[]
      ).map((c) => c.id);
    expect(await ids('open')).not.toContain(concernId);
    expect(await ids('closed')).toContain(concernId);
    const reopened = await call('coord', 'PATCH', `/api/concerns/${concernId}`, { status: 'open' });
    expect(reopened.statusCode).toBe(200);
    expect(await ids('open')).toContain(concernId);
    const [row] = await t.database.db.select().from(concerns).where(eq(concerns.id, concernId));
    expect(row?.followedUpAt).toBeNull();
  });
});

describe('scope', () => {
  it('another district’s coordinator and 民生委員 get 404; council 403', async () => {
    const { concernId } = await makeConcern(t.database);
    for (const who of ['otherCoord', 'otherMinsei'] as const) {
      expect((await call(who, 'GET', `/api/concerns/${concernId}`)).statusCode).toBe(404);
      const note = await call(who, 'POST', `/api/concerns/${concernId}/notes`, { text: 'x' });
      expect(note.statusCode).toBe(404);
      const list = (await call(who, 'GET', '/api/concerns')).json();
      expect(list.concerns.map((c: { id: string }) => c.id)).not.toContain(concernId);
    }
    expect(
      (await call('otherCoord', 'PATCH', `/api/concerns/${concernId}`, { status: 'closed' }))
        .statusCode,
    ).toBe(404);
    expect((await call('council', 'GET', `/api/concerns/${concernId}`)).statusCode).toBe(403);
    expect(
      (await request(t.app, { method: 'GET', url: `/api/concerns/${concernId}` })).statusCode,
    ).toBe(401);
  });

  it('unknown ids are 404', async () => {
    const { concernId } = await makeConcern(t.database);
    expect((await call('coord', 'GET', `/api/concerns/${unknownId}`)).statusCode).toBe(404);
    expect(
      (await call('coord', 'POST', `/api/concerns/${unknownId}/notes`, { text: 'x' })).statusCode,
    ).toBe(404);
    const referral = await call(
      'coord',
      'PATCH',
      `/api/concerns/${concernId}/referrals/${unknownId}`,
      { status: 'made' },
    );
    expect(referral.statusCode).toBe(404);
    expect((await call('coord', 'GET', '/api/concerns/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('a 民生委員', () => {
  it('reads own-district cases and adds a note, nothing more', async () => {
    const { concernId } = await makeConcern(t.database);
    const { concernId: farId } = await makeConcern(t.database, 'nagayama', NAGAYAMA_ADDRESS);
    const list = (await call('minsei', 'GET', '/api/concerns')).json();
    const listed = list.concerns.map((c: { id: string }) => c.id);
    expect(listed).toContain(concernId);
    expect(listed).not.toContain(farId);
    const view = await call('minsei', 'GET', `/api/concerns/${concernId}`);
    expect(view.statusCode).toBe(200);
    expect(view.json().canManage).toBe(false);
    expect((await call('minsei', 'GET', `/api/concerns/${farId}`)).statusCode).toBe(404);

    const note = await call('minsei', 'POST', `/api/concerns/${concernId}/notes`, {
      text: '訪問しました',
    });
    expect(note.statusCode).toBe(201);
    const consultation = await call('minsei', 'POST', `/api/concerns/${concernId}/notes`, {
      text: '相談',
      kind: 'consultation',
    });
    expect(consultation.statusCode).toBe(403);
    expect(
      (await call('minsei', 'PATCH', `/api/concerns/${concernId}`, { status: 'closed' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('minsei', 'PATCH', `/api/concerns/${concernId}`, { followUpOn: jstDate(3) }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('minsei', 'POST', `/api/concerns/${concernId}/referrals`, { to: 'family' }))
        .statusCode,
    ).toBe(403);
    expect((await call('minsei', 'POST', `/api/concerns/${concernId}/follow-up`)).statusCode).toBe(
      403,
    );
    const after = (await call('coord', 'GET', `/api/concerns/${concernId}`)).json();
    expect(after.concern.status).toBe('open');
    expect(after.referrals).toEqual([]);
    expect(after.notes).toHaveLength(1);

    for (const url of ['/api/residents', '/api/desk/requests', '/api/matches', '/api/calls']) {
      expect((await call('minsei', 'GET', url)).statusCode, url).toBe(403);
    }
    // Like anyone signed in, they see their own requests: none, and nobody else's.
    const own = await call('minsei', 'GET', '/api/help-requests');
    expect(own.json().requests).toEqual([]);
  });
});

describe('granting the 民生委員 role', () => {
  it('an admin grants it for named districts; without a district it is a field error', async () => {
    const admin = await makeUser(t.database, { roles: [{ role: 'admin' }] });
    const adminCookie = await logInAs(t.app, admin.email);
    const person = await makeUser(t.database);
    const grant = (payload: object, who = adminCookie) =>
      request(t.app, { method: 'POST', url: '/api/admin/role-assignments', cookie: who, payload });
    const missing = await grant({ userId: person.id, role: 'minsei_iin' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0].field).toBe('body.districts');
    expect(
      (await grant({ userId: person.id, role: 'minsei_iin', districts: ['chuo'] }, cookie.coord))
        .statusCode,
    ).toBe(403);
    const granted = await grant({ userId: person.id, role: 'minsei_iin', districts: ['nagayama'] });
    expect(granted.statusCode, granted.body).toBe(201);
    expect(granted.json().user.roles).toEqual([{ role: 'minsei_iin', district: 'nagayama' }]);
    const { concernId } = await makeConcern(t.database, 'nagayama', NAGAYAMA_ADDRESS);
    const theirs = await logInAs(t.app, person.email);
    const view = await request(t.app, {
      method: 'GET',
      url: `/api/concerns/${concernId}`,
      cookie: theirs,
    });
    expect(view.statusCode).toBe(200);
    // Not a role anyone gives themselves.
    const self = await request(t.app, {
      method: 'POST',
      url: '/api/me/roles',
      cookie: theirs,
      payload: { role: 'minsei_iin' },
    });
    expect(self.statusCode).toBe(400);
  });
});

describe('when the resident leaves (APPI deletion)', () => {
  it('the case notes and referral notes about them are erased; the case stays counted', async () => {
    const { concernId, residentId } = await makeConcern(t.database);
    await call('coord', 'POST', `/api/concerns/${concernId}/notes`, { text: '娘さんと 話した' });
    await call('coord', 'POST', `/api/concerns/${concernId}/referrals`, {
      to: 'family',
      note: '長女 090-0000-0000',
    });
    const person = (await loadSessionUser(t.database.db, residentId))!;
    const { id } = await requestDeletion(t.database.db, person);
    const done = await call('coord', 'POST', `/api/deletion-requests/${id}/carry-out`);
    expect(done.statusCode, done.body).toBe(200);
    const view = (await call('coord', 'GET', `/api/concerns/${concernId}`)).json();
    expect(view.notes.map((n: { text: string }) => n.text)).toEqual(['削除済み']);
    expect(view.referrals[0].note).toBeNull();
    expect(JSON.stringify(view)).not.toContain('090-0000-0000');
  });
});

describe('attack inputs', () => {
  it('NUL, huge text, absurd dates and unknown enums are 400 with field errors, nothing written', async () => {
    const { concernId } = await makeConcern(t.database);
    const cases: [string, 'POST' | 'PATCH', string, object][] = [
      ['body.text', 'POST', 'notes', { text: 'a\u0000b' }],
      ['body.text', 'POST', 'notes', { text: 'あ'.repeat(2001) }],
      ['body.text', 'POST', 'notes', { text: '   ' }],
      ['body.text', 'POST', 'notes', { text: '\ud800' }],
      ['body.kind', 'POST', 'notes', { text: 'x', kind: 'gossip' }],
      ['body.followUpOn', 'PATCH', '', { followUpOn: '9999-12-31' }],
      ['body.followUpOn', 'PATCH', '', { followUpOn: '1900-01-01' }],
      ['body.followUpOn', 'PATCH', '', { followUpOn: '2026-02-30' }],
      ['body.status', 'PATCH', '', { status: 'followed_up' }],
      ['body.status', 'PATCH', '', {}],
      ['body.to', 'POST', 'referrals', { to: 'police' }],
      ['body.note', 'POST', 'referrals', { to: 'family', note: 'x'.repeat(501) }],
      ['body.followUpOn', 'POST', 'referrals', { to: 'family', followUpOn: '3000-01-01' }],
    ];
    for (const [field, method, path, payload] of cases) {
      const url = `/api/concerns/${concernId}${path ? `/${path}` : ''}`;
      const response = await call('coord', method, url, payload);
      expect(response.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
      const fields = response.json().error.fields.map((f: { field: string }) => f.field);
      expect(fields, JSON.stringify(payload)).toContain(field);
      expect(response.json().error.fields[0].message.ja).toBeTruthy();
    }
    const view = (await call('coord', 'GET', `/api/concerns/${concernId}`)).json();
    expect(view.notes).toEqual([]);
    expect(view.referrals).toEqual([]);
    expect(view.concern.status).toBe('open');
  });
});
