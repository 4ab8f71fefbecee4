import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { proposeMatch } from '@sasaeai/db/help-loop';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { snowRequest, tomorrowJst } from './help-loop-fixtures.ts';
import { acceptedMatch, helpLoopCast, type HelpLoopCast } from './match-fixtures.ts';

let t: TestApp;
let cast: HelpLoopCast;
let council: string;
let sequence = 0;
const next = () => (sequence += 1);

beforeAll(async () => {
  t = await createTestApp({ SIGNUP_RATE_LIMIT_MAX: '1000' }, 'free-text');
  cast = await helpLoopCast(t.app, t.database);
  council = await logInAs(
    t.app,
    (await makeUser(t.database, { roles: [{ role: 'council' }] })).email,
  );
});
afterAll(async () => {
  await t.close();
});

type Send = (value: string) => Promise<LightMyRequestResponse>;

interface FieldCase {
  name: string;
  /** The field error a refused value must name. */
  field: string;
  /** Makes what the request needs (a match to complete…) and returns how to send a value. */
  prepare: () => Promise<Send>;
  /** Where an accepted value is stored, to read it back. */
  stored?: { table: string; column: string; array?: boolean };
  /** Text around the value, for fields with a minimum length or a required form. */
  wrap?: (value: string) => string;
}

const post = (url: string, cookie: string, payload: (value: string) => unknown): Send => {
  return (value) =>
    request(t.app, { method: 'POST', url, cookie, payload: payload(value) as object });
};

const askAs = (cookie: string, body: (value: string) => object) =>
  post('/api/help-requests', cookie, (value) => ({ ...snowRequest(), ...body(value) }));

async function openRequest(): Promise<string> {
  const response = await request(t.app, {
    method: 'POST',
    url: '/api/help-requests',
    cookie: cast.resident,
    payload: snowRequest(),
  });
  return response.json<{ request: { id: string } }>().request.id;
}

const proxyResident = (overrides: Record<string, string>) => ({
  when: { kind: 'window', date: tomorrowJst(), from: '08:00', to: '11:00' },
  onBehalfOf: {
    kind: 'new',
    fullName: '代理 太郎',
    fullNameKana: 'ダイリ タロウ',
    phone: '0166-22-3344',
    address: '旭川市6条通8丁目2-15',
    consentByPhone: true,
    ...overrides,
  },
});

const volunteerProfile = (overrides: Record<string, unknown>) => ({
  kind: 'group',
  groupName: '雪かき隊',
  headcount: 3,
  representativeName: '代表 花子',
  skills: ['snow'],
  districts: ['chuo'],
  ...overrides,
});

const cityAddress = (value: string) => `旭川市6条通8丁目2-15 ${value}`;
const csvRow = (cells: { name?: string; kana?: string }) =>
  `code,name,kana,lat,lon\nfree-${String(next())},${cells.name ?? '地区'},${cells.kana ?? 'ちく'},43.7,142.3`;

const cases: FieldCase[] = [
  {
    name: 'sign-up display name',
    field: 'body.displayName',
    prepare: async () =>
      post('/api/auth/signup', '', (displayName) => ({
        email: `free-${String(next())}@example.test`,
        password: 'long enough password',
        displayName,
        roles: ['resident'],
        privacyConsent: true,
      })),
    stored: { table: 'users', column: 'display_name' },
  },
  {
    name: 'request notes',
    field: 'body.notes',
    prepare: async () => askAs(cast.resident, (notes) => ({ notes })),
    stored: { table: 'help_requests', column: 'notes' },
  },
  {
    name: 'request sensitive notes',
    field: 'body.sensitiveNotes',
    prepare: async () =>
      askAs(cast.resident, (sensitiveNotes) => ({ sensitiveNotes, sensitiveConsent: true })),
    stored: { table: 'help_requests', column: 'sensitive_notes' },
  },
  {
    name: 'request address elsewhere',
    field: 'body.where.address',
    prepare: async () => askAs(cast.resident, (address) => ({ where: { kind: 'other', address } })),
    stored: { table: 'help_requests', column: 'address' },
    wrap: cityAddress,
  },
  {
    name: 'proxy resident name',
    field: 'body.onBehalfOf.fullName',
    prepare: async () => askAs(cast.coordinator, (fullName) => proxyResident({ fullName })),
    stored: { table: 'resident_profiles', column: 'full_name' },
  },
  {
    name: 'proxy resident kana',
    field: 'body.onBehalfOf.fullNameKana',
    prepare: async () => askAs(cast.coordinator, (fullNameKana) => proxyResident({ fullNameKana })),
    stored: { table: 'resident_profiles', column: 'full_name_kana' },
  },
  {
    name: 'proxy resident address',
    field: 'body.onBehalfOf.address',
    prepare: async () => askAs(cast.coordinator, (address) => proxyResident({ address })),
    stored: { table: 'resident_profiles', column: 'address' },
    wrap: cityAddress,
  },
  {
    name: 'cancel reason',
    field: 'body.reason',
    prepare: async () => {
      const id = await openRequest();
      return post(`/api/help-requests/${id}/cancel`, cast.resident, (reason) => ({ reason }));
    },
  },
  {
    name: 'reject reason',
    field: 'body.reason',
    prepare: async () => {
      const { matchId } = await proposeMatch(t.database.db, {
        requestId: await openRequest(),
        volunteerId: cast.volunteerId,
        score: 1,
        breakdown: { total: 1, terms: [{ term: 'distance', points: 1, detail: '' }] },
      });
      return post(`/api/matches/${matchId!}/reject`, cast.coordinator, (reason) => ({ reason }));
    },
  },
  {
    name: 'wellbeing note',
    field: 'body.wellbeingNote',
    prepare: async () => {
      const { matchId, volunteer } = await acceptedMatch(t.app, t.database, cast);
      return post(`/api/matches/${matchId}/complete`, volunteer, (wellbeingNote) => ({
        minutesSpent: 30,
        wellbeingNote,
      }));
    },
    stored: { table: 'matches', column: 'wellbeing_note' },
  },
  {
    name: 'thanks',
    field: 'body.message',
    prepare: async () => {
      const { requestId, matchId, volunteer } = await acceptedMatch(t.app, t.database, cast);
      await request(t.app, {
        method: 'POST',
        url: `/api/matches/${matchId}/complete`,
        cookie: volunteer,
        payload: { minutesSpent: 30 },
      });
      return post(`/api/help-requests/${requestId}/thanks`, cast.resident, (message) => ({
        message,
      }));
    },
    stored: { table: 'thanks', column: 'message' },
  },
  ...(
    [
      ['group name', 'groupName', 'group_name'],
      ['representative name', 'representativeName', 'representative_name'],
    ] as const
  ).map(([name, key, column]): FieldCase => ({
    name: `volunteer ${name}`,
    field: `body.${key}`,
    prepare: async () => (value) =>
      request(t.app, {
        method: 'PUT',
        url: '/api/me/volunteer-profile',
        cookie: cast.volunteer,
        payload: volunteerProfile({ [key]: value }),
      }),
    stored: { table: 'volunteer_profiles', column },
  })),
  {
    name: 'volunteer equipment',
    field: 'body.equipment.0',
    prepare: async () => (value) =>
      request(t.app, {
        method: 'PUT',
        url: '/api/me/volunteer-profile',
        cookie: cast.volunteer,
        payload: volunteerProfile({ equipment: [value] }),
      }),
    stored: { table: 'volunteer_profiles', column: 'equipment', array: true },
  },
  {
    name: 'indicator value text',
    field: 'body.valueText',
    prepare: async () =>
      post('/api/council/indicators/V1-1-a/values', council, (valueText) => ({
        fiscalYear: 2025,
        valueText,
      })),
    stored: { table: 'indicator_values', column: 'value_text' },
  },
  {
    name: 'indicator note',
    field: 'body.note',
    prepare: async () =>
      post('/api/council/indicators/V1-1-a/values', council, (note) => ({
        fiscalYear: 2025,
        value: 1,
        note,
      })),
    stored: { table: 'indicator_values', column: 'note' },
  },
  {
    name: 'new centre name',
    field: 'body.name',
    prepare: async () =>
      post('/api/council/centres', council, (name) => ({
        district: 'chuo',
        name,
        status: 'planned',
      })),
    stored: { table: 'volunteer_centres', column: 'name' },
  },
  {
    name: 'new centre English name',
    field: 'body.nameEn',
    prepare: async () =>
      post('/api/council/centres', council, (nameEn) => ({
        district: 'chuo',
        name: `センター${String(next())}`,
        nameEn,
        status: 'planned',
      })),
    stored: { table: 'volunteer_centres', column: 'name_en' },
  },
  {
    name: 'changed centre name',
    field: 'body.name',
    prepare: async () => {
      const created = await request(t.app, {
        method: 'POST',
        url: '/api/council/centres',
        cookie: council,
        payload: { district: 'chuo', name: 'センター', status: 'planned' },
      });
      const id = created.json<{ id: string }>().id;
      return (name) =>
        request(t.app, {
          method: 'PUT',
          url: `/api/council/centres/${id}`,
          cookie: council,
          payload: { district: 'chuo', name, status: 'planned' },
        });
    },
    stored: { table: 'volunteer_centres', column: 'name' },
  },
  {
    name: 'district CSV name cell',
    field: 'body.csv',
    prepare: async () =>
      post('/api/council/districts/import', council, (name) => ({ csv: csvRow({ name }) })),
    stored: { table: 'districts', column: 'name' },
  },
  {
    name: 'district CSV kana cell',
    field: 'body.csv',
    prepare: async () =>
      post('/api/council/districts/import', council, (kana) => ({ csv: csvRow({ kana }) })),
    stored: { table: 'districts', column: 'kana' },
  },
];

const tables = [
  'users',
  'resident_profiles',
  'help_requests',
  'matches',
  'thanks',
  'concerns',
  'volunteer_profiles',
  'indicator_values',
  'volunteer_centres',
  'districts',
  'audit_events',
  'outbox',
];

/** Row counts and the volunteer profiles' text: what a refused request must leave untouched. */
async function snapshot() {
  const counts = await Promise.all(
    tables.map(async (table) => {
      const rows = await t.database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from ${sql.identifier(table)}`,
      );
      return [table, rows[0]!.n] as const;
    }),
  );
  const profiles = await t.database.db.execute(
    sql`select group_name, representative_name, equipment from volunteer_profiles order by user_id`,
  );
  return { counts: Object.fromEntries(counts), profiles: JSON.stringify(profiles) };
}

function expectFieldError(response: LightMyRequestResponse, field: string) {
  expect(response.statusCode, response.body).toBe(400);
  const fields = response.json<{
    error: { fields: { field: string; message: { ja: string; en: string } }[] };
  }>().error.fields;
  const named = fields.filter((entry) => entry.field === field);
  expect(named.length, JSON.stringify(fields)).toBeGreaterThan(0);
  for (const entry of named) {
    expect(entry.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
    expect(entry.message.en).toMatch(/[a-z]/);
  }
}

const refused: { label: string; value: string }[] = [
  { label: 'a NUL character', value: '雪\u0000かき' },
  { label: 'a control character', value: '雪\u0007かき' },
  { label: 'a lone surrogate', value: '雪\uD800かき' },
];

const accepted: { label: string; value: string; stored: string }[] = [
  { label: 'emoji', value: '雪かき🧑‍🦳👍🏽', stored: '雪かき🧑‍🦳👍🏽' },
  { label: 'combining marks (kept as NFC)', value: 'か\u3099んは\u309A', stored: 'がんぱ' },
  { label: 'a right-to-left override', value: '\u202Eabc 雪', stored: '\u202Eabc 雪' },
];

describe('every free-text field refuses control characters with a field error, changing nothing', () => {
  for (const c of cases) {
    it.each(refused)(`${c.name}: $label`, async ({ value }) => {
      const send = await c.prepare();
      const before = await snapshot();
      const response = await send((c.wrap ?? ((v: string) => v))(value));
      expectFieldError(response, c.field);
      expect(await snapshot()).toEqual(before);
    });
  }
});

describe('a huge value is a 4xx, never a 500, and changes nothing', () => {
  it.each(cases)('$name', async (c) => {
    const send = await c.prepare();
    const before = await snapshot();
    const response = await send('雪'.repeat(350_000));
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(await snapshot()).toEqual(before);
  });
});

describe('odd but valid Unicode is accepted and stored as typed (in NFC)', () => {
  for (const c of cases) {
    it.each(accepted)(`${c.name}: $label`, async ({ value, stored }) => {
      const wrap = c.wrap ?? ((v: string) => v);
      const send = await c.prepare();
      const response = await send(wrap(value));
      expect(response.statusCode, response.body).toBeLessThan(300);
      if (!c.stored) return;
      const column = sql.identifier(c.stored.column);
      const match = c.stored.array
        ? sql`${wrap(stored)} = any(${column})`
        : sql`${column} = ${wrap(stored)}`;
      const rows = await t.database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from ${sql.identifier(c.stored.table)} where ${match}`,
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
    });
  }
});

describe('a path parameter with NUL or of any length is a 400, 404 or 414, never a 500', () => {
  const id = '00000000-0000-4000-8000-000000000000';
  const paths: { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: object }[] = [
    { method: 'GET', url: '/api/help-requests/%00' },
    { method: 'POST', url: '/api/help-requests/a%00b/cancel', payload: {} },
    { method: 'POST', url: '/api/matches/%00/complete', payload: { minutesSpent: 5 } },
    { method: 'GET', url: '/api/districts/chuo%00/volunteers' },
    {
      method: 'PUT',
      url: '/api/districts/%00/settings',
      payload: { autoApproveTrusted: true, offerTtlHours: 24 },
    },
    { method: 'POST', url: '/api/volunteers/%00/verify', payload: { status: 'active' } },
    { method: 'POST', url: '/api/concerns/%00/follow-up' },
    {
      method: 'PUT',
      url: '/api/council/centres/%00',
      payload: { district: 'chuo', name: 'x', status: 'planned' },
    },
    { method: 'GET', url: '/api/council/indicators/V1-1-a%00/history' },
    { method: 'GET', url: '/api/council/indicators/%ED%A0%80/history' },
    {
      method: 'POST',
      url: '/api/council/indicators/%00/values',
      payload: { fiscalYear: 2025, value: 1 },
    },
    { method: 'GET', url: `/api/council/indicators/${'a'.repeat(41)}/history` },
    { method: 'GET', url: `/api/council/indicators/${'雪'.repeat(100_000)}/history` },
    { method: 'GET', url: `/api/help-requests/${id}%00` },
    { method: 'GET', url: '/api/actions/a%00b' },
    { method: 'POST', url: '/api/actions/%00', payload: { answer: 'decline' } },
    { method: 'GET', url: '/api/auth/password-reset/a%00b' },
    {
      method: 'POST',
      url: '/api/auth/password-reset/%00',
      payload: { newPassword: 'long enough password' },
    },
  ];
  it.each(paths)('$method $url', async ({ method, url, payload }) => {
    const response = await request(t.app, {
      method,
      url: url.length > 200 ? encodeURI(url) : url,
      cookie: council,
      ...(payload ? { payload } : {}),
    });
    expect([400, 404, 414]).toContain(response.statusCode);
  });
});
