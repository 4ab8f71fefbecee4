/**
 * A long list read in pages (issue 14): `GET /api/help-requests` takes `page` with `limit`,
 * newest first, and says whether another page holds more. Bad page numbers are a 400 on
 * `query.page`; a page never shows another resident's requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, logInAs, request, type TestApp } from './helper.ts';
import { makeResident, snowRequest } from './help-loop-fixtures.ts';

let t: TestApp;
let resident: string;
let other: string;
const asked: string[] = [];

type List = { requests: { id: string }[]; hasMore: boolean };

beforeAll(async () => {
  t = await createTestApp({}, 'pages');
  resident = await logInAs(t.app, (await makeResident(t.database)).email);
  other = await logInAs(t.app, (await makeResident(t.database)).email);
  for (let i = 0; i < 5; i += 1) {
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie: resident,
      payload: snowRequest({ notes: `お願い ${i}` }),
    });
    expect(response.statusCode).toBe(201);
    asked.push(response.json<{ request: { id: string } }>().request.id);
  }
});
afterAll(async () => {
  await t.close();
});

const list = async (cookie: string, query: string) => {
  const response = await request(t.app, {
    method: 'GET',
    url: `/api/help-requests?${query}`,
    cookie,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<List>();
};

describe('a resident’s requests in pages', () => {
  it('pages of 2: newest first, no request twice or missed, hasMore until the last', async () => {
    const pages = [
      await list(resident, 'mine=true&limit=2&page=1'),
      await list(resident, 'mine=true&limit=2&page=2'),
      await list(resident, 'mine=true&limit=2&page=3'),
    ];
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(pages.flatMap((p) => p.requests.map((r) => r.id))).toEqual([...asked].reverse());
    expect(await list(resident, 'mine=true&limit=2&page=10000')).toEqual({
      requests: [],
      hasMore: false,
    });
    // Without `page`, the first page as before.
    expect((await list(resident, 'mine=true&limit=2')).requests.map((r) => r.id)).toEqual(
      pages[0]!.requests.map((r) => r.id),
    );
  });

  it('another resident’s pages hold none of them', async () => {
    for (const page of [1, 2, 3]) {
      expect(await list(other, `mine=true&limit=2&page=${page}`)).toEqual({
        requests: [],
        hasMore: false,
      });
    }
  });

  it.each(['0', '-1', '10001', '1.5', 'abc', '1e400', '9'.repeat(400), '%00'])(
    'page=%s is refused with a field error',
    async (page) => {
      const response = await request(t.app, {
        method: 'GET',
        url: `/api/help-requests?mine=true&page=${page}`,
        cookie: resident,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields[0].field).toBe('query.page');
    },
  );

  it('logged out: 401', async () => {
    const response = await request(t.app, { method: 'GET', url: '/api/help-requests?page=2' });
    expect(response.statusCode).toBe(401);
  });
});
