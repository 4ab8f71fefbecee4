import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { snowRequest } from './help-loop-fixtures.ts';
import { acceptedMatch, helpLoopCast, type HelpLoopCast } from './match-fixtures.ts';

let t: TestApp;
let cast: HelpLoopCast;
let council: string;

beforeAll(async () => {
  t = await createTestApp({}, 'numbers');
  cast = await helpLoopCast(t.app, t.database);
  council = await logInAs(
    t.app,
    (await makeUser(t.database, { roles: [{ role: 'council' }] })).email,
  );
});
afterAll(async () => {
  await t.close();
});

/** A JSON body whose `"__N__"` placeholder becomes a raw number literal (1e400 parses as Infinity). */
const withNumber = (body: object, literal: string) =>
  JSON.stringify(body).replace('"__N__"', literal);

interface NumberCase {
  name: string;
  field: string;
  method: 'POST' | 'PUT';
  /** Where to send it and as whom (made when the case runs). */
  target: () => Promise<{ url: string; cookie: string }>;
  body: object;
  /** A sensible value, which is accepted (so the refusals are about the number alone). */
  valid: string;
}

const volunteerProfile = (overrides: object) => ({
  kind: 'group',
  groupName: '雪かき隊',
  headcount: 3,
  skills: ['snow'],
  districts: ['chuo'],
  ...overrides,
});

const cases: NumberCase[] = [
  {
    name: 'people needed',
    valid: '2',
    field: 'body.peopleNeeded',
    method: 'POST',
    target: async () => ({ url: '/api/help-requests', cookie: cast.resident }),
    body: snowRequest({ peopleNeeded: '__N__' }),
  },
  {
    name: 'minutes spent',
    valid: '30',
    field: 'body.minutesSpent',
    method: 'POST',
    target: async () => {
      const { matchId, volunteer } = await acceptedMatch(t.app, t.database, cast);
      return { url: `/api/matches/${matchId}/complete`, cookie: volunteer };
    },
    body: { minutesSpent: '__N__' },
  },
  {
    name: 'group headcount',
    valid: '3',
    field: 'body.headcount',
    method: 'PUT',
    target: async () => ({ url: '/api/me/volunteer-profile', cookie: cast.volunteer }),
    body: volunteerProfile({ headcount: '__N__' }),
  },
  {
    name: 'max tasks per week',
    valid: '4',
    field: 'body.maxTasksPerWeek',
    method: 'PUT',
    target: async () => ({ url: '/api/me/volunteer-profile', cookie: cast.volunteer }),
    body: volunteerProfile({ maxTasksPerWeek: '__N__' }),
  },
  {
    name: 'availability weekday',
    valid: '1',
    field: 'body.availability.0.weekday',
    method: 'PUT',
    target: async () => ({ url: '/api/me/volunteer-profile', cookie: cast.volunteer }),
    body: volunteerProfile({ availability: [{ weekday: '__N__', from: '08:00', to: '10:00' }] }),
  },
  {
    name: 'offer TTL hours',
    valid: '24',
    field: 'body.offerTtlHours',
    method: 'PUT',
    target: async () => ({ url: '/api/districts/chuo/settings', cookie: cast.coordinator }),
    body: { autoApproveTrusted: false, offerTtlHours: '__N__' },
  },
  {
    name: 'indicator fiscal year',
    valid: '2024',
    field: 'body.fiscalYear',
    method: 'POST',
    target: async () => ({ url: '/api/council/indicators/V1-1-a/values', cookie: council }),
    body: { fiscalYear: '__N__', value: 1 },
  },
  {
    name: 'indicator value',
    valid: '5',
    field: 'body.value',
    method: 'POST',
    target: async () => ({ url: '/api/council/indicators/V1-1-a/values', cookie: council }),
    body: { fiscalYear: 2025, value: '__N__' },
  },
];

const literals = ['1e400', '-1e400', '-1', '1e15', `${'9'.repeat(400)}`, `"${'9'.repeat(400)}"`];

describe('every numeric input is bounded: huge, negative and infinite values are field errors', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.valid} is accepted`, async () => {
      const { url, cookie } = await c.target();
      const response = await request(t.app, {
        method: c.method,
        url,
        cookie,
        headers: { 'content-type': 'application/json' },
        payload: withNumber(c.body, c.valid),
      });
      expect(response.statusCode, response.body).toBeLessThan(300);
    });

    it.each(literals)(`${c.name}: %s`, async (literal) => {
      const { url, cookie } = await c.target();
      const response = await request(t.app, {
        method: c.method,
        url,
        cookie,
        headers: { 'content-type': 'application/json' },
        payload: withNumber(c.body, literal),
      });
      // A negative indicator value is allowed (a change can be a fall); everything else is not.
      if (c.field === 'body.value' && literal === '-1') {
        expect(response.statusCode).toBe(201);
        return;
      }
      expect(response.statusCode, response.body).toBe(400);
      const fields = response.json<{ error: { fields: { field: string }[] } }>().error.fields;
      expect(fields.map((f) => f.field)).toContain(c.field);
    });
  }

  it.each(['0', '-5', '201', '1e400', 'Infinity', '9'.repeat(400)])(
    'the list limit in the query string: %s',
    async (limit) => {
      const response = await request(t.app, {
        method: 'GET',
        url: `/api/help-requests?limit=${limit}`,
        cookie: cast.coordinator,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields[0].field).toBe('query.limit');
    },
  );
});
