import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  acceptOffer,
  approveMatch,
  cancelRequest,
  completeMatch,
  declineOffer,
  expireOffers,
  markUnmatched,
  proposeMatch,
  rejectMatch,
} from '@sasaeai/db/help-loop';
import { concerns, helpRequests, matches } from '@sasaeai/db/schema';
import { createHelpRequest } from '../src/use-cases/create-help-request.ts';
import { loadSessionUser } from '../src/repositories/users-repository.ts';
import { requestDeletion } from '../src/use-cases/personal-data/deletion-requests.ts';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import {
  CHUO_ADDRESS,
  jstDate,
  makeResident,
  makeVolunteer,
  snowRequest,
} from './help-loop-fixtures.ts';

/**
 * Every help-loop route × every kind of caller gets exactly the intended answer. Each case runs
 * on a fresh request in 中央 (chuo) in the state the route needs.
 */
type Actor =
  | 'none'
  | 'owner'
  | 'otherResident'
  | 'matchedVolunteer'
  | 'otherVolunteer'
  | 'coordinatorOwn'
  | 'coordinatorOther'
  | 'council'
  | 'admin'
  | 'minseiOwn'
  | 'minseiOther';
const actors: Actor[] = [
  'none',
  'owner',
  'otherResident',
  'matchedVolunteer',
  'otherVolunteer',
  'coordinatorOwn',
  'coordinatorOther',
  'council',
  'admin',
  'minseiOwn',
  'minseiOther',
];

interface Arranged {
  requestId: string;
  matchId: string;
  volunteerId: string;
  /** An open deletion request of a fresh 中央 resident (deletion routes only). */
  deletionRequestId: string;
  /** The 見守り concern the volunteer raised on completing (state `concern` only). */
  concernId: string;
}

type State =
  | 'open'
  | 'proposed'
  | 'offered'
  | 'accepted'
  | 'completed'
  | 'concern'
  | 'unmatched'
  | 'cancelled'
  | 'declined'
  | 'rejected'
  | 'expired';
interface Route {
  name: string;
  state: State;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: (ids: Arranged) => string;
  payload?: unknown;
  expect: Record<Actor, number>;
  /** Callers allowed to see the resident's address in this answer. */
  mayReveal?: Actor[];
}

const all = (code: number, overrides: Partial<Record<Actor, number>>): Record<Actor, number> =>
  ({
    ...Object.fromEntries(actors.map((a) => [a, code])),
    none: 401,
    ...overrides,
  }) as Record<Actor, number>;

const routes: Route[] = [
  {
    name: 'GET /api/help-requests/:id',
    state: 'proposed',
    method: 'GET',
    url: (i) => `/api/help-requests/${i.requestId}`,
    // A proposal is not the volunteer's business until a coordinator offers it.
    expect: all(404, { owner: 200, coordinatorOwn: 200, council: 200, admin: 200 }),
    mayReveal: ['owner', 'coordinatorOwn', 'admin'],
  },
  ...(['offered', 'completed'] as const).map((state): Route => ({
    name: `GET /api/help-requests/:id (${state})`,
    state,
    method: 'GET',
    url: (i) => `/api/help-requests/${i.requestId}`,
    expect: all(404, {
      owner: 200,
      matchedVolunteer: 200,
      coordinatorOwn: 200,
      council: 200,
      admin: 200,
    }),
    mayReveal: ['owner', 'coordinatorOwn', 'admin'],
  })),
  // A match that ended before acceptance gives the volunteer no view of the request.
  ...(['declined', 'rejected', 'expired'] as const).map((state): Route => ({
    name: `GET /api/help-requests/:id (${state})`,
    state,
    method: 'GET',
    url: (i) => `/api/help-requests/${i.requestId}`,
    expect: all(404, { owner: 200, coordinatorOwn: 200, council: 200, admin: 200 }),
    mayReveal: ['owner', 'coordinatorOwn', 'admin'],
  })),
  {
    name: 'POST /api/help-requests/:id/cancel',
    state: 'proposed',
    method: 'POST',
    url: (i) => `/api/help-requests/${i.requestId}/cancel`,
    payload: {},
    expect: all(404, { owner: 200, coordinatorOwn: 200, council: 403, admin: 200 }),
    mayReveal: ['owner', 'coordinatorOwn', 'admin'],
  },
  {
    name: 'POST /api/help-requests/:id/thanks',
    state: 'completed',
    method: 'POST',
    url: (i) => `/api/help-requests/${i.requestId}/thanks`,
    payload: { message: 'ありがとう' },
    expect: all(404, {
      owner: 201,
      matchedVolunteer: 403,
      coordinatorOwn: 403,
      council: 403,
      admin: 403,
    }),
    mayReveal: ['owner'],
  },
  {
    name: 'POST /api/help-requests/:id/rematch',
    state: 'unmatched',
    method: 'POST',
    url: (i) => `/api/help-requests/${i.requestId}/rematch`,
    expect: all(404, { owner: 403, coordinatorOwn: 200, council: 403, admin: 200 }),
    mayReveal: ['coordinatorOwn', 'admin'],
  },
  {
    name: 'PATCH /api/help-requests/:id',
    state: 'proposed',
    method: 'PATCH',
    url: (i) => `/api/help-requests/${i.requestId}`,
    payload: { notes: '裏口から お願いします' },
    expect: all(404, { owner: 403, coordinatorOwn: 200, council: 403, admin: 200 }),
    mayReveal: ['coordinatorOwn', 'admin'],
  },
  {
    name: 'POST /api/help-requests/:id/reopen',
    state: 'cancelled',
    method: 'POST',
    url: (i) => `/api/help-requests/${i.requestId}/reopen`,
    expect: all(404, { owner: 403, coordinatorOwn: 200, council: 403, admin: 200 }),
    mayReveal: ['coordinatorOwn', 'admin'],
  },
  {
    name: 'POST /api/help-requests/:id/neighbours-now',
    state: 'open',
    method: 'POST',
    url: (i) => `/api/help-requests/${i.requestId}/neighbours-now`,
    expect: all(404, { owner: 403, coordinatorOwn: 200, council: 403, admin: 200 }),
    mayReveal: ['coordinatorOwn', 'admin'],
  },
  {
    name: 'GET /api/help-requests/:id/candidates',
    state: 'open',
    method: 'GET',
    url: (i) => `/api/help-requests/${i.requestId}/candidates`,
    expect: all(404, { owner: 403, coordinatorOwn: 200, council: 403, admin: 200 }),
  },
  {
    name: 'POST /api/help-requests/:id/assign',
    state: 'open',
    method: 'POST',
    url: (i) => `/api/help-requests/${i.requestId}/assign`,
    payload: 'assign-matched-volunteer',
    expect: all(404, { owner: 403, coordinatorOwn: 200, council: 403, admin: 200 }),
    mayReveal: ['coordinatorOwn', 'admin'],
  },
  {
    name: 'GET /api/matches',
    state: 'proposed',
    method: 'GET',
    url: () => '/api/matches',
    expect: all(403, { coordinatorOwn: 200, coordinatorOther: 200, council: 200, admin: 200 }),
  },
  {
    name: 'GET /api/desk/requests',
    state: 'proposed',
    method: 'GET',
    url: () => '/api/desk/requests',
    // Another district's coordinator gets their own (empty) desk; addresses never appear.
    expect: all(403, { coordinatorOwn: 200, coordinatorOther: 200, admin: 200 }),
  },
  {
    name: 'GET /api/desk/requests?district=chuo',
    state: 'proposed',
    method: 'GET',
    url: () => '/api/desk/requests?district=chuo',
    expect: all(403, { coordinatorOwn: 200, admin: 200 }),
  },
  {
    name: 'POST /api/matches/:id/approve',
    state: 'proposed',
    method: 'POST',
    url: (i) => `/api/matches/${i.matchId}/approve`,
    expect: all(404, { coordinatorOwn: 200, coordinatorOther: 403, admin: 200 }),
  },
  {
    name: 'POST /api/matches/approve',
    state: 'proposed',
    method: 'POST',
    url: () => '/api/matches/approve',
    payload: 'approve-the-match',
    expect: all(403, { coordinatorOwn: 200, admin: 200 }),
  },
  {
    name: 'POST /api/matches/:id/reject',
    state: 'proposed',
    method: 'POST',
    url: (i) => `/api/matches/${i.matchId}/reject`,
    payload: {},
    expect: all(404, { coordinatorOwn: 200, coordinatorOther: 403, admin: 200 }),
  },
  {
    name: 'POST /api/matches/:id/accept',
    state: 'offered',
    method: 'POST',
    url: (i) => `/api/matches/${i.matchId}/accept`,
    expect: all(404, { matchedVolunteer: 200 }),
    mayReveal: ['matchedVolunteer'],
  },
  {
    name: 'POST /api/matches/:id/decline',
    state: 'offered',
    method: 'POST',
    url: (i) => `/api/matches/${i.matchId}/decline`,
    expect: all(404, { matchedVolunteer: 200 }),
  },
  {
    name: 'POST /api/matches/:id/complete',
    state: 'accepted',
    method: 'POST',
    url: (i) => `/api/matches/${i.matchId}/complete`,
    payload: { minutesSpent: 30 },
    expect: all(404, { matchedVolunteer: 200 }),
  },
  {
    name: 'GET /api/me/offers',
    state: 'offered',
    method: 'GET',
    url: () => '/api/me/offers',
    expect: all(403, { matchedVolunteer: 200, otherVolunteer: 200 }),
    // Earlier cases left this volunteer with accepted tasks, whose contact is rightly shown.
    mayReveal: ['matchedVolunteer'],
  },
  {
    name: 'GET /api/concerns',
    state: 'open',
    method: 'GET',
    url: () => '/api/concerns',
    // Each sees the cases of their own districts (another district's list is its own).
    expect: all(403, {
      coordinatorOwn: 200,
      coordinatorOther: 200,
      admin: 200,
      minseiOwn: 200,
      minseiOther: 200,
    }),
  },
  // 見守り cases: the district's coordinators and 民生委員 read and add notes; only
  // coordinators change them. Outside one's districts a case does not exist (404).
  {
    name: 'GET /api/concerns/:id',
    state: 'concern',
    method: 'GET',
    url: (i) => `/api/concerns/${i.concernId}`,
    expect: all(403, {
      coordinatorOwn: 200,
      coordinatorOther: 404,
      admin: 200,
      minseiOwn: 200,
      minseiOther: 404,
    }),
  },
  {
    name: 'POST /api/concerns/:id/notes',
    state: 'concern',
    method: 'POST',
    url: (i) => `/api/concerns/${i.concernId}/notes`,
    payload: { text: '様子を 伺いました' },
    expect: all(403, {
      coordinatorOwn: 201,
      coordinatorOther: 404,
      admin: 201,
      minseiOwn: 201,
      minseiOther: 404,
    }),
  },
  {
    name: 'PATCH /api/concerns/:id',
    state: 'concern',
    method: 'PATCH',
    url: (i) => `/api/concerns/${i.concernId}`,
    payload: { status: 'in_progress' },
    expect: all(403, { coordinatorOwn: 200, coordinatorOther: 404, admin: 200 }),
  },
  {
    name: 'POST /api/concerns/:id/referrals',
    state: 'concern',
    method: 'POST',
    url: (i) => `/api/concerns/${i.concernId}/referrals`,
    payload: { to: 'houkatsu' },
    expect: all(403, { coordinatorOwn: 201, coordinatorOther: 404, admin: 201 }),
  },
  {
    name: 'POST /api/concerns/:id/follow-up',
    state: 'concern',
    method: 'POST',
    url: (i) => `/api/concerns/${i.concernId}/follow-up`,
    expect: all(403, { coordinatorOwn: 200, coordinatorOther: 404, admin: 200 }),
  },
  {
    name: 'POST /api/concerns/consultations/chuo',
    state: 'open',
    method: 'POST',
    url: () => '/api/concerns/consultations/chuo',
    payload: { summary: '近所の 方からの 相談' },
    expect: all(403, { coordinatorOwn: 201, admin: 201 }),
  },
  {
    name: 'GET /api/calls',
    state: 'open',
    method: 'GET',
    url: () => '/api/calls',
    expect: all(403, { coordinatorOwn: 200, coordinatorOther: 200, admin: 200 }),
  },
  {
    name: 'PUT /api/districts/chuo/settings',
    state: 'open',
    method: 'PUT',
    url: () => '/api/districts/chuo/settings',
    payload: { autoApproveTrusted: false, offerTtlHours: 12 },
    expect: all(403, { coordinatorOwn: 200, admin: 200 }),
  },
  {
    name: 'POST /api/volunteers/:id/verify',
    state: 'open',
    method: 'POST',
    url: (i) => `/api/volunteers/${i.volunteerId}/verify`,
    payload: { status: 'active' },
    expect: all(403, { coordinatorOwn: 200, admin: 200 }),
  },
  {
    name: 'POST /api/help-requests',
    state: 'open',
    method: 'POST',
    url: () => '/api/help-requests',
    payload: snowRequest(),
    expect: all(403, { owner: 201, otherResident: 201 }),
    mayReveal: ['owner', 'otherResident'],
  },
  // Personal data (APPI): one's own data only; deletions decided within one's districts.
  {
    name: 'GET /api/me/data',
    state: 'accepted',
    method: 'GET',
    url: () => '/api/me/data',
    expect: all(200, {}),
    // Residents' own profiles carry their (same test) address; no one else's export may.
    mayReveal: ['owner', 'otherResident'],
  },
  {
    name: 'GET /api/me/deletion-request',
    state: 'open',
    method: 'GET',
    url: () => '/api/me/deletion-request',
    expect: all(200, {}),
  },
  {
    name: 'GET /api/deletion-requests',
    state: 'open',
    method: 'GET',
    url: () => '/api/deletion-requests',
    expect: all(403, { coordinatorOwn: 200, coordinatorOther: 200, admin: 200 }),
  },
  {
    name: 'GET /api/audit-events',
    state: 'accepted',
    method: 'GET',
    url: () => '/api/audit-events',
    expect: all(403, { coordinatorOwn: 200, coordinatorOther: 200, admin: 200 }),
  },
  {
    name: 'POST /api/deletion-requests/:id/refuse',
    state: 'open',
    method: 'POST',
    url: (i) => `/api/deletion-requests/${i.deletionRequestId}/refuse`,
    payload: { reason: '未完了の 依頼の 確認が 必要です' },
    expect: all(403, { coordinatorOwn: 200, coordinatorOther: 404, admin: 200 }),
  },
  {
    name: 'POST /api/deletion-requests/:id/carry-out',
    state: 'open',
    method: 'POST',
    url: (i) => `/api/deletion-requests/${i.deletionRequestId}/carry-out`,
    expect: all(403, { coordinatorOwn: 200, coordinatorOther: 404, admin: 200 }),
  },
];

let t: TestApp;
const cookies = {} as Record<Exclude<Actor, 'none'>, string>;
const ids = {} as Record<'owner' | 'matchedVolunteer', string>;
const breakdown = {
  total: 1,
  terms: [{ term: 'distance' as const, points: 1, detail: '同じ地区' }],
};

beforeAll(async () => {
  t = await createTestApp({}, 'matrix');
  const owner = await makeResident(t.database);
  const otherResident = await makeResident(t.database);
  const matchedVolunteer = await makeVolunteer(t.database);
  const otherVolunteer = await makeVolunteer(t.database);
  const people = {
    owner,
    otherResident,
    matchedVolunteer,
    otherVolunteer,
    coordinatorOwn: await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'chuo' }],
    }),
    coordinatorOther: await makeUser(t.database, {
      roles: [{ role: 'coordinator', district: 'kagura' }],
    }),
    council: await makeUser(t.database, { roles: [{ role: 'council' }] }),
    admin: await makeUser(t.database, { roles: [{ role: 'admin' }] }),
    minseiOwn: await makeUser(t.database, { roles: [{ role: 'minsei_iin', district: 'chuo' }] }),
    minseiOther: await makeUser(t.database, {
      roles: [{ role: 'minsei_iin', district: 'kagura' }],
    }),
  };
  for (const [actor, person] of Object.entries(people)) {
    cookies[actor as Exclude<Actor, 'none'>] = await logInAs(t.app, person.email);
  }
  ids.owner = owner.id;
  ids.matchedVolunteer = matchedVolunteer.id;
});
afterAll(async () => {
  await t.close();
});

let day = 0;

/** A fresh request of the owner on a day of its own, brought to the state the route needs. */
async function arrange(state: State, route: Route): Promise<Arranged> {
  const actor = (await loadSessionUser(t.database.db, ids.owner))!;
  day += 1;
  // A task taken or done is on a past day, so its window has started and it can be completed.
  const started = state === 'accepted' || state === 'completed' || state === 'concern';
  const date = jstDate(started ? -day : day);
  const { requestId } = await createHelpRequest(t.database.db, {
    actor,
    // Made a little before its (past) day, however many cases ran before it.
    now: started ? new Date(Date.now() - (day + 30) * 86_400_000) : new Date(),
    body: {
      ...snowRequest({ when: { kind: 'window', date, from: '08:00', to: '11:00' } }),
      peopleNeeded: 1,
      urgency: 'normal',
      sensitiveConsent: false,
    } as never,
  });
  if (state === 'unmatched') {
    await t.database.db
      .update(helpRequests)
      .set({ status: 'matching' })
      .where(eq(helpRequests.id, requestId));
    await markUnmatched(t.database.db, requestId, 'no_candidates');
  }
  if (state === 'cancelled') await cancelRequest(t.database.db, requestId, ids.owner);
  let matchId = '00000000-0000-4000-8000-000000000000';
  if (state !== 'open' && state !== 'unmatched' && state !== 'cancelled') {
    const proposal = await proposeMatch(t.database.db, {
      requestId,
      volunteerId: ids.matchedVolunteer,
      score: 1,
      breakdown,
    });
    matchId = proposal.matchId!;
    if (state === 'rejected') await rejectMatch(t.database.db, matchId, ids.owner);
    if (state !== 'proposed' && state !== 'rejected') {
      await approveMatch(t.database.db, matchId, ids.owner);
    }
    if (state === 'declined') await declineOffer(t.database.db, matchId, ids.matchedVolunteer);
    if (state === 'expired') {
      await t.database.db
        .update(matches)
        .set({ offerExpiresAt: new Date(Date.now() - 60_000) })
        .where(eq(matches.id, matchId));
      await expireOffers(t.database.db);
    }
    if (started) await acceptOffer(t.database.db, matchId, ids.matchedVolunteer);
    if (state === 'completed' || state === 'concern') {
      await completeMatch(t.database.db, {
        matchId,
        volunteerId: ids.matchedVolunteer,
        minutesSpent: 30,
        concern: state === 'concern',
      });
    }
  }
  let deletionRequestId = '00000000-0000-4000-8000-000000000000';
  if (route.name.includes('/api/deletion-requests/')) {
    const leaving = await makeResident(t.database);
    const person = (await loadSessionUser(t.database.db, leaving.id))!;
    deletionRequestId = (await requestDeletion(t.database.db, person)).id;
  }
  let concernId = '00000000-0000-4000-8000-000000000000';
  if (state === 'concern') {
    const [concern] = await t.database.db
      .select({ id: concerns.id })
      .from(concerns)
      .where(eq(concerns.matchId, matchId));
    concernId = concern!.id;
  }
  return { requestId, matchId, volunteerId: ids.matchedVolunteer, deletionRequestId, concernId };
}

describe.each(routes)('$name', (route) => {
  it.each(actors)('%s', async (actor) => {
    const arranged = await arrange(route.state, route);
    const response = await request(t.app, {
      method: route.method,
      url: route.url(arranged),
      ...(route.payload === 'assign-matched-volunteer'
        ? { payload: { volunteerId: arranged.volunteerId } }
        : route.payload === 'approve-the-match'
          ? { payload: { matchIds: [arranged.matchId] } }
          : route.payload !== undefined
            ? { payload: route.payload as object }
            : {}),
      ...(actor !== 'none' ? { cookie: cookies[actor] } : {}),
    });
    expect(response.statusCode, response.body).toBe(route.expect[actor]);
    if (!route.mayReveal?.includes(actor)) expect(response.body).not.toContain(CHUO_ADDRESS);
  });
});
