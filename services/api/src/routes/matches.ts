import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import {
  BulkApproveBody,
  BulkApproveResult,
  CompleteBody,
  DeclineBody,
  ErrorBody,
  HandBackBody,
  NoShowBody,
  IdParams,
  MatchList,
  MatchQuery,
  MatchResponse,
  RejectBody,
} from '@sasaeai/contracts';
import {
  acceptOffer,
  approveMatch,
  completeMatch,
  declineOffer,
  DECLINE_UNDO_SECONDS,
  handBackTask,
  recordNoShow,
  rejectMatch,
  undoDecline,
  type LiveNotice,
} from '@sasaeai/db/help-loop';
import { helpRequests, matches } from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import { translateTransition } from '../errors/transition-errors.ts';
import {
  canActInDistrict,
  currentUser,
  districtIdsFor,
  hasRole,
} from '../plugins/app/authorization.ts';
import { loadMatchesWithRequests } from '../repositories/match-views.ts';
import type { SessionUser } from '../repositories/users-repository.ts';
import { districtIdsByCode } from '../repositories/users-repository.ts';
import { presentMatchAfterMove } from '../use-cases/present-match.ts';
import { approveMany } from '../use-cases/desk/approve-many.ts';
import { publishNotices } from '../live/publish.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const matchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireUser);

  async function loadMatch(id: string) {
    const [row] = await app.db
      .select({ match: matches, districtId: helpRequests.districtId })
      .from(matches)
      .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
      .where(eq(matches.id, id));
    if (!row) throw new AppError('not_found');
    return row;
  }

  /** The coordinator of the request's district (or an admin); others learn nothing. */
  async function asCoordinator(user: SessionUser, id: string) {
    const row = await loadMatch(id);
    if (!canActInDistrict(user, row.districtId, ['coordinator', 'admin'])) {
      throw new AppError(hasRole(user, 'coordinator') ? 'forbidden' : 'not_found');
    }
    return row;
  }

  /** The volunteer the match is for. */
  async function asVolunteer(user: SessionUser, id: string) {
    const row = await loadMatch(id);
    if (row.match.volunteerId !== user.id) throw new AppError('not_found');
    return row;
  }

  async function respond(user: SessionUser, id: string, notices: LiveNotice[]) {
    return { match: await presentMatchAfterMove(app, user.id, id, notices) };
  }

  app.get(
    '',
    {
      preHandler: app.requireRole('coordinator', 'council', 'admin'),
      schema: {
        tags: ['matches'],
        summary: 'The approval queue and other matches of the coordinator’s districts',
        querystring: MatchQuery,
        response: { 200: MatchList, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const conditions: SQL[] = [];
      const cityWide = hasRole(user, 'council', 'admin');
      const own = districtIdsFor(user, 'coordinator');
      if (request.query.district) {
        const id = (await districtIdsByCode(app.db, [request.query.district])).get(
          request.query.district,
        );
        if (!id) throw new AppError('not_found');
        if (!cityWide && !own.includes(id)) throw new AppError('forbidden');
        conditions.push(eq(helpRequests.districtId, id));
      } else if (!cityWide) {
        conditions.push(inArray(helpRequests.districtId, own));
      }
      if (request.query.status) conditions.push(eq(matches.status, request.query.status));
      const rows = await app.db
        .select({ match: matches })
        .from(matches)
        .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
        .where(and(...conditions))
        .orderBy(desc(matches.createdAt))
        .limit(200);
      return {
        matches: await loadMatchesWithRequests(
          app.db,
          rows.map((r) => r.match),
        ),
      };
    },
  );

  app.post(
    '/approve',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['matches'],
        summary: 'Approve several proposals; each that can no longer be is reported with why',
        body: BulkApproveBody,
        response: { 200: BulkApproveResult, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { notices, ...result } = await approveMany(app.db, user, request.body.matchIds);
      await publishNotices(app, notices);
      return result;
    },
  );

  const action = {
    params: IdParams,
    response: { 200: MatchResponse, ...errors },
  };

  /** The answer-less moves: who may make them, and the transition each runs. */
  const simpleMoves = [
    {
      path: '/:id/approve',
      summary: 'Approve a proposal; the volunteer gets the offer',
      actor: 'coordinator',
      run: (id: string, userId: string) => approveMatch(app.db, id, userId),
    },
    {
      path: '/:id/accept',
      summary: 'Accept an offer (the volunteer); the resident’s address is then shown',
      actor: 'volunteer',
      run: (id: string, userId: string) => acceptOffer(app.db, id, userId),
    },
  ] as const;

  for (const move of simpleMoves) {
    app.post(
      move.path,
      { schema: { tags: ['matches'], summary: move.summary, ...action } },
      async (request) => {
        const user = currentUser(request);
        await (move.actor === 'coordinator' ? asCoordinator : asVolunteer)(user, request.params.id);
        const { notices } = await translateTransition(move.run(request.params.id, user.id));
        return respond(user, request.params.id, notices);
      },
    );
  }

  app.post(
    '/:id/decline',
    {
      schema: {
        tags: ['matches'],
        summary: 'Decline an offer (the volunteer), with an optional reason; matched again at once',
        body: DeclineBody,
        ...action,
      },
    },
    async (request) => {
      const user = currentUser(request);
      await asVolunteer(user, request.params.id);
      const { notices } = await translateTransition(
        declineOffer(app.db, request.params.id, user.id, request.body?.reason),
      );
      return respond(user, request.params.id, notices);
    },
  );

  app.post(
    '/:id/undo-decline',
    {
      schema: {
        tags: ['matches'],
        summary: `Take a declined offer back within ${DECLINE_UNDO_SECONDS} s, if its place is still free; answers the new offer`,
        ...action,
      },
    },
    async (request) => {
      const user = currentUser(request);
      await asVolunteer(user, request.params.id);
      const { matchId, notices } = await translateTransition(
        undoDecline(app.db, { matchId: request.params.id, volunteerId: user.id }),
      );
      return respond(user, matchId, notices);
    },
  );

  app.post(
    '/:id/reject',
    {
      schema: {
        tags: ['matches'],
        summary: 'Reject a proposal; the request is matched again without that volunteer',
        body: RejectBody,
        ...action,
      },
    },
    async (request) => {
      const user = currentUser(request);
      await asCoordinator(user, request.params.id);
      const { notices } = await translateTransition(
        rejectMatch(app.db, request.params.id, user.id),
      );
      return respond(user, request.params.id, notices);
    },
  );

  app.post(
    '/:id/hand-back',
    {
      schema: {
        tags: ['matches'],
        summary: 'Hand an accepted task back (the volunteer cannot make it); it is matched again',
        body: HandBackBody,
        ...action,
      },
    },
    async (request) => {
      const user = currentUser(request);
      await asVolunteer(user, request.params.id);
      const { notices } = await translateTransition(
        handBackTask(app.db, {
          matchId: request.params.id,
          volunteerId: user.id,
          reason: request.body.reason,
        }),
      );
      return respond(user, request.params.id, notices);
    },
  );

  app.post(
    '/:id/no-show',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['matches'],
        summary:
          'Record that an accepted volunteer did not come; the request looks again or goes to the inbox',
        body: NoShowBody,
        ...action,
      },
    },
    async (request) => {
      const user = currentUser(request);
      await asCoordinator(user, request.params.id);
      const { notices } = await translateTransition(
        recordNoShow(app.db, {
          matchId: request.params.id,
          actorId: user.id,
          toInbox: request.body.next === 'inbox',
        }),
      );
      return respond(user, request.params.id, notices);
    },
  );

  app.post(
    '/:id/complete',
    {
      schema: {
        tags: ['matches'],
        summary: 'Report the task done, with time spent and an optional wellbeing note or concern',
        body: CompleteBody,
        ...action,
      },
    },
    async (request) => {
      const user = currentUser(request);
      await asVolunteer(user, request.params.id);
      const { notices } = await translateTransition(
        completeMatch(app.db, {
          matchId: request.params.id,
          volunteerId: user.id,
          ...request.body,
        }),
      );
      return respond(user, request.params.id, notices);
    },
  );
};

export default matchRoutes;
