import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { jstDate, makeResident, makeVolunteer, snowRequest } from './help-loop-fixtures.ts';

let t: TestApp;
let coordinator: string;
const requestIds: string[] = [];
const volunteerIds: string[] = [];
const volunteerCookies: string[] = [];

beforeAll(async () => {
  t = await createTestApp({}, 'race');
  coordinator = await logInAs(
    t.app,
    (await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] })).email,
  );
  const resident = await makeResident(t.database);
  const residentCookie = await logInAs(t.app, resident.email);
  // Twenty requests in the same window, so every volunteer can take only one of them.
  for (let i = 0; i < 20; i++) {
    const response = await request(t.app, {
      method: 'POST',
      url: '/api/help-requests',
      cookie: residentCookie,
      payload: snowRequest({
        when: { kind: 'window', date: jstDate(3), from: '09:00', to: '11:00' },
      }),
    });
    requestIds.push(response.json().request.id);
  }
  for (let i = 0; i < 8; i++) {
    const volunteer = await makeVolunteer(t.database);
    volunteerIds.push(volunteer.id);
    volunteerCookies.push(await logInAs(t.app, volunteer.email));
  }
});
afterAll(async () => {
  await t.close();
});

describe('racing assignments and acceptances', () => {
  it('100 concurrent assigns on 20 requests: no double booking, no request with two live matches', async () => {
    const attempts = Array.from({ length: 100 }, (_, i) => ({
      requestId: requestIds[(i * 7) % 20]!,
      volunteerId: volunteerIds[(i * 3) % 8]!,
    }));
    const responses = await Promise.all(
      attempts.map((a) =>
        request(t.app, {
          method: 'POST',
          url: `/api/help-requests/${a.requestId}/assign`,
          cookie: coordinator,
          payload: { volunteerId: a.volunteerId },
        }),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.every((code) => code === 200 || code === 409)).toBe(true);
    // At most one task per volunteer (same window), and some did succeed.
    expect(codes.filter((c) => c === 200).length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 200).length).toBeLessThanOrEqual(8);

    // Now every volunteer accepts whatever they were offered, all at once.
    const offers = await Promise.all(
      volunteerCookies.map((cookie) =>
        request(t.app, { method: 'GET', url: '/api/me/offers', cookie }),
      ),
    );
    await Promise.all(
      offers.flatMap((offer, i) =>
        offer.json().matches.map((m: { id: string }) =>
          request(t.app, {
            method: 'POST',
            url: `/api/matches/${m.id}/accept`,
            cookie: volunteerCookies[i]!,
          }),
        ),
      ),
    );

    const doubleBookings = await t.database.db.execute(sql`
      select a.volunteer_id from matches a join matches b
        on a.volunteer_id = b.volunteer_id and a.id < b.id and a.booked_during && b.booked_during
      where a.exclusive and b.exclusive
        and a.status in ('approved','offered','accepted') and b.status in ('approved','offered','accepted')`);
    expect(doubleBookings).toHaveLength(0);
    const crowded = await t.database.db.execute(sql`
      select m.request_id from matches m join help_requests r on r.id = m.request_id
      where m.status in ('proposed','approved','offered','accepted')
      group by m.request_id, r.people_needed having count(*) > r.people_needed`);
    expect(crowded).toHaveLength(0);
  });
});
