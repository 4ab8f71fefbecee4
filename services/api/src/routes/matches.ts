import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  BulkApproveBody,
  BulkApproveResult,
  CompleteBody,
  DeclineBody,
  ErrorBody,
  HandBackBody,
  NoShowBody,
  IdParams,
  MatchPage,
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
import { translateTransition } from '../errors/transition-errors.ts';
import { currentUser } from '../plugins/app/authorization.ts';
import type { SessionUser } from '../repositories/users-repository.ts';
import { listMatches } from '../use-cases/matches/list-matches.ts';
import { matchForCoordinator, matchForVolunteer } from '../use-cases/matches/match-access.ts';
import { presentMatchAfterMove } from '../use-cases/present-match.ts';
import { approveMany } from '../use-cases/desk/approve-many.ts';
import { publishNotices } from '../live/publish.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const matchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireUser);

  const asCoordinator = (user: SessionUser, id: string) => matchForCoordinator(app.db, user, id);
  const asVolunteer = (user: SessionUser, id: string) => matchForVolunteer(app.db, user, id);

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
        response: { 200: MatchPage, ...errors },
      },
    },
    async (request) => listMatches(app.db, currentUser(request), request.query),
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
