import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents } from '@sasaeai/db/schema';
import { addDays, isoWeekday, jstToday } from '@sasaeai/core';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { makeResident, NAGAYAMA_ADDRESS } from './help-loop-fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const today = jstToday(new Date());
const routineBody = (overrides: Record<string, unknown> = {}) => ({
  category: 'rubbish',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  from: '07:30',
  until: '08:30',
  collectionArea: '中央 月・木',
  startsOn: today,
  ...overrides,
});

async function residentCookie() {
  const resident = await makeResident(t.database);
  return { resident, cookie: await logInAs(t.app, resident.email) };
}

describe('weekly routines', () => {
  it('a resident sets up a weekly rubbish run, sees its next dates, skips one, pauses, resumes, ends', async () => {
    const { cookie } = await residentCookie();
    const created = await request(t.app, {
      method: 'POST',
      url: '/api/weekly-routines',
      cookie,
      payload: routineBody(),
    });
    expect(created.statusCode).toBe(201);
    const { routine } = created.json();
    expect(routine).toMatchObject({ category: 'rubbish', from: '07:30', paused: false });
    expect(routine.nextDays).toHaveLength(14);
    expect(routine.nextDays[0]).toEqual({ day: today, state: expect.any(String) });

    const skipDay = addDays(today, 2);
    const skipped = await request(t.app, {
      method: 'POST',
      url: `/api/weekly-routines/${routine.id as string}/skips`,
      cookie,
      payload: { day: skipDay },
    });
    expect(skipped.statusCode).toBe(200);
    const skippedDay = skipped
      .json()
      .routine.nextDays.find((d: { day: string }) => d.day === skipDay);
    expect(['skipped', 'holiday']).toContain(skippedDay.state);

    const act = (change: string) =>
      request(t.app, {
        method: 'POST',
        url: `/api/weekly-routines/${routine.id as string}/${change}`,
        cookie,
      });
    const paused = (await act('pause')).json().routine;
    expect(paused).toMatchObject({ paused: true, nextDays: [] });
    expect((await act('resume')).json().routine.paused).toBe(false);
    expect((await act('end')).json().routine).toMatchObject({ ended: true, nextDays: [] });
    expect((await act('resume')).statusCode).toBe(409);

    const list = await request(t.app, { method: 'GET', url: '/api/weekly-routines', cookie });
    expect(list.json().routines).toHaveLength(1);
    const audit = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, routine.id as string));
    expect(audit.map((a) => a.action).sort()).toEqual([
      'weekly_routine.created',
      'weekly_routine.end',
      'weekly_routine.pause',
      'weekly_routine.resume',
      'weekly_routine.skip',
    ]);
  });

  it('shows only the chosen weekdays and leaves out the city’s collection holidays', async () => {
    const { cookie } = await residentCookie();
    const weekday = isoWeekday(addDays(today, 3));
    const admin = await makeUser(t.database, { roles: [{ role: 'admin' }] });
    const adminCookie = await logInAs(t.app, admin.email);
    const holiday = await request(t.app, {
      method: 'POST',
      url: '/api/collection-holidays',
      cookie: adminCookie,
      payload: { day: addDays(today, 3), note: '臨時休み' },
    });
    expect(holiday.statusCode).toBe(200);
    const created = await request(t.app, {
      method: 'POST',
      url: '/api/weekly-routines',
      cookie,
      payload: routineBody({ weekdays: [weekday] }),
    });
    expect(created.json().routine.nextDays).toEqual([
      { day: addDays(today, 3), state: 'holiday' },
      { day: addDays(today, 10), state: 'planned' },
    ]);
    // A resident cannot edit the calendar.
    const refused = await request(t.app, {
      method: 'POST',
      url: '/api/collection-holidays',
      cookie,
      payload: { day: addDays(today, 4), note: 'x' },
    });
    expect(refused.statusCode).toBe(403);
    const removed = await request(t.app, {
      method: 'POST',
      url: `/api/collection-holidays/${addDays(today, 3)}/remove`,
      cookie: adminCookie,
    });
    expect(removed.statusCode).toBe(200);
  });

  it('a coordinator sets one up for a resident of their district, never another district’s', async () => {
    const coordinator = await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    });
    const cookie = await logInAs(t.app, coordinator.email);
    const own = await makeResident(t.database);
    const other = await makeResident(t.database, NAGAYAMA_ADDRESS, 'nagayama');
    const created = await request(t.app, {
      method: 'POST',
      url: '/api/weekly-routines',
      cookie,
      payload: routineBody({ residentId: own.id }),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().routine.viaProxy).toBe(true);
    const listed = await request(t.app, {
      method: 'GET',
      url: `/api/weekly-routines?resident=${own.id}`,
      cookie,
    });
    expect(listed.json().routines).toHaveLength(1);
    const foreign = await request(t.app, {
      method: 'POST',
      url: '/api/weekly-routines',
      cookie,
      payload: routineBody({ residentId: other.id }),
    });
    expect(foreign.statusCode).toBe(403);
    // The other district's resident's routine is not there for this coordinator.
    const otherCookie = await logInAs(t.app, other.email);
    const theirs = await request(t.app, {
      method: 'POST',
      url: '/api/weekly-routines',
      cookie: otherCookie,
      payload: routineBody(),
    });
    const paused = await request(t.app, {
      method: 'POST',
      url: `/api/weekly-routines/${theirs.json().routine.id as string}/pause`,
      cookie,
    });
    expect(paused.statusCode).toBe(404);
  });

  it('bad input is a 400 with field errors, never a 500', async () => {
    const { cookie } = await residentCookie();
    const cases: [Record<string, unknown>, string][] = [
      [{ weekdays: [8] }, 'weekdays'],
      [{ weekdays: [] }, 'weekdays'],
      [{ weekdays: ['月'] }, 'weekdays'],
      [{ from: '09:00', until: '08:00' }, 'until'],
      [{ from: '25:00' }, 'from'],
      [{ endsOn: addDays(today, -1) }, 'endsOn'],
      [{ startsOn: '2026-02-30' }, 'startsOn'],
      [{ collectionArea: 'a\u0000b' }, 'collectionArea'],
      [{ notes: 'x'.repeat(100_000) }, 'notes'],
      [{ category: 'snow' }, 'category'],
    ];
    for (const [overrides, field] of cases) {
      const response = await request(t.app, {
        method: 'POST',
        url: '/api/weekly-routines',
        cookie,
        payload: routineBody(overrides),
      });
      expect(response.statusCode, JSON.stringify(overrides).slice(0, 60)).toBe(400);
      expect(JSON.stringify(response.json())).toContain(field);
    }
    const badSkip = await request(t.app, {
      method: 'POST',
      url: `/api/weekly-routines/${crypto.randomUUID()}/skips`,
      cookie,
      payload: { day: 'tomorrow' },
    });
    expect(badSkip.statusCode).toBe(400);
  });
});
