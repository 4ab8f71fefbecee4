import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, helpRequests } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { NAGAYAMA_ADDRESS, makeResident, snowRequest } from './help-loop-fixtures.ts';

/** Trust #5: a coordinator takes requests by phone only for residents of their own districts. */
let t: TestApp;
let nagayamaCoordinatorCookie: string;

beforeAll(async () => {
  t = await createTestApp({}, 'proxy');
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'nagayama' }],
  });
  nagayamaCoordinatorCookie = await logInAs(t.app, coordinator.email);
});
afterAll(async () => {
  await t.close();
});

function onBehalfOf(residentId: string) {
  return request(t.app, {
    method: 'POST',
    url: '/api/help-requests',
    cookie: nagayamaCoordinatorCookie,
    payload: snowRequest({
      where: { kind: 'other', address: NAGAYAMA_ADDRESS },
      onBehalfOf: { kind: 'existing', residentId },
    }),
  });
}

describe('proxy intake for a registered resident', () => {
  it('refuses a resident registered in another district, revealing and writing nothing', async () => {
    const stranger = await makeResident(t.database); // registered in 中央 (chuo)
    const response = await onBehalfOf(stranger.id);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message.en).toContain('your districts');
    expect(response.body).not.toContain('旭川 花子');
    expect(response.body).not.toContain('0166-01-2345');
    const written = await t.database.db
      .select()
      .from(helpRequests)
      .where(eq(helpRequests.residentId, stranger.id));
    expect(written).toHaveLength(0);
    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'help_request.created'));
    expect(audited).toHaveLength(0);
  });

  it('takes the request for a resident of the coordinator’s own district', async () => {
    const neighbour = await makeResident(t.database, NAGAYAMA_ADDRESS, 'nagayama');
    const response = await onBehalfOf(neighbour.id);
    expect(response.statusCode).toBe(201);
    expect(response.json().request).toMatchObject({ district: 'nagayama', viaProxy: true });
    expect(response.json().request.contact.phone).toBe('0166-01-2345');
  });
});
