import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AssignBody,
  CandidateList,
  CancelBody,
  CreateHelpRequestBody,
  EditRequestBody,
  ErrorBody,
  HelpRequestList,
  HelpRequestQuery,
  HelpRequestResponse,
  IdParams,
  PlaceRequestBody,
  ThanksBody,
} from '@sasaeai/contracts';
import {
  cancelRequest,
  rematchRequest,
  openToNeighbours,
  reopenRequest,
  type LiveNotice,
} from '@sasaeai/db/help-loop';
import { AppError } from '../errors/app-error.ts';
import { translateTransition } from '../errors/transition-errors.ts';
import { publishNotices } from '../live/publish.ts';
import { currentUser } from '../plugins/app/authorization.ts';
import type { Relation } from '../repositories/help-request-views.ts';
import { createHelpRequest } from '../use-cases/create-help-request.ts';
import { listHelpRequests } from '../use-cases/list-help-requests.ts';
import { requestFor } from '../use-cases/request-access.ts';
import { viewHelpRequest } from '../use-cases/view-help-request.ts';
import { editHelpRequest } from '../use-cases/desk/edit-request.ts';
import { sendThanks } from '../use-cases/send-thanks.ts';
import { placeRequest, refuseRematchIfUnplaced } from '../use-cases/towns/unplaced.ts';
import { assignFromCandidates, listCandidates } from '../use-cases/candidates.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const helpRequestRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireUser);

  const viewFor = (viewerId: string, requestId: string, relation: Relation) =>
    viewHelpRequest(app.db, viewerId, requestId, relation);

  /**
   * A change to one request by someone in one of `allowed` relations to it: the move runs,
   * its live notices go out, and the answer is the request as the actor now sees it.
   */
  async function moveRequest(
    request: FastifyRequest,
    requestId: string,
    allowed: readonly Relation[],
    move: (actorId: string) => Promise<{ notices: LiveNotice[] }>,
  ) {
    const user = currentUser(request);
    const { relation } = await requestFor(app.db, user, requestId);
    if (!allowed.includes(relation)) throw new AppError('forbidden');
    const { notices } = await move(user.id);
    await publishNotices(app, notices);
    return { request: await viewFor(user.id, requestId, relation) };
  }

  app.post(
    '',
    {
      schema: {
        tags: ['help requests'],
        summary:
          'Ask for help (a resident), or take a request by phone (a coordinator, onBehalfOf)',
        description:
          'Send an Idempotency-Key header so that a retried submission returns the first request.',
        headers: z.object({ 'idempotency-key': z.string().min(8).max(100).optional() }),
        body: CreateHelpRequestBody,
        response: { 200: HelpRequestResponse, 201: HelpRequestResponse, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { requestId, replayed, ownerView } = await createHelpRequest(app.db, {
        actor: user,
        body: request.body,
        idempotencyKey: request.headers['idempotency-key'],
      });
      reply.code(replayed ? 200 : 201).header('location', `/api/help-requests/${requestId}`);
      if (ownerView) return { request: ownerView };
      const { relation } = await requestFor(app.db, user, requestId);
      return { request: await viewFor(user.id, requestId, relation) };
    },
  );

  app.get(
    '',
    {
      schema: {
        tags: ['help requests'],
        summary: 'Own requests (resident); the district queue (coordinator); all (council, admin)',
        querystring: HelpRequestQuery,
        response: { 200: HelpRequestList, ...errors },
      },
    },
    async (request) => listHelpRequests(app.db, currentUser(request), request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['help requests'],
        summary: 'One request with its status timeline',
        params: IdParams,
        response: { 200: HelpRequestResponse, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { relation } = await requestFor(app.db, user, request.params.id);
      return { request: await viewFor(user.id, request.params.id, relation) };
    },
  );

  app.post(
    '/:id/cancel',
    {
      schema: {
        tags: ['help requests'],
        summary: 'Cancel a request (its resident or a coordinator of its district)',
        params: IdParams,
        body: CancelBody,
        response: { 200: HelpRequestResponse, ...errors },
      },
    },
    (request) =>
      moveRequest(request, request.params.id, ['owner', 'coordinator'], (actorId) =>
        translateTransition(cancelRequest(app.db, request.params.id, actorId)),
      ),
  );

  app.post(
    '/:id/rematch',
    {
      schema: {
        tags: ['help requests'],
        summary: 'Send an unmatched request back to matching (coordinator)',
        params: IdParams,
        response: { 200: HelpRequestResponse, ...errors },
      },
    },
    (request) =>
      moveRequest(request, request.params.id, ['coordinator'], async (actorId) => {
        await refuseRematchIfUnplaced(app.db, request.params.id);
        return translateTransition(rematchRequest(app.db, request.params.id, actorId));
      }),
  );

  app.post(
    '/:id/district',
    {
      schema: {
        tags: ['help requests'],
        summary: 'Pick the district of a request whose address could not be placed (coordinator)',
        params: IdParams,
        body: PlaceRequestBody,
        response: { 200: HelpRequestResponse, ...errors },
      },
    },
    (request) =>
      moveRequest(request, request.params.id, ['coordinator'], async (actorId) => {
        await placeRequest(app.db, request.params.id, request.body.district, actorId);
        return { notices: [] };
      }),
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['help requests'],
        summary: 'Correct a request’s window, helpers needed or notes (coordinator); re-matched',
        params: IdParams,
        body: EditRequestBody,
        response: { 200: HelpRequestResponse, ...errors },
      },
    },
    (request) =>
      moveRequest(request, request.params.id, ['coordinator'], (actorId) =>
        editHelpRequest(app.db, {
          requestId: request.params.id,
          actorId,
          body: request.body,
        }),
      ),
  );

  app.post(
    '/:id/reopen',
    {
      schema: {
        tags: ['help requests'],
        summary: 'Reopen a cancelled request whose window has not ended (coordinator)',
        params: IdParams,
        response: { 200: HelpRequestResponse, ...errors },
      },
    },
    (request) =>
      moveRequest(request, request.params.id, ['coordinator'], (actorId) =>
        translateTransition(reopenRequest(app.db, request.params.id, actorId)),
      ),
  );

  app.post(
    '/:id/neighbours-now',
    {
      schema: {
        tags: ['help requests'],
        summary:
          "Send a waiting request to the neighbouring districts' volunteers now, without the neighbour wait (coordinator)",
        params: IdParams,
        response: { 200: HelpRequestResponse, ...errors },
      },
    },
    (request) =>
      moveRequest(request, request.params.id, ['coordinator'], (actorId) =>
        translateTransition(openToNeighbours(app.db, { requestId: request.params.id, actorId })),
      ),
  );

  app.post(
    '/:id/thanks',
    {
      schema: {
        tags: ['help requests'],
        summary: 'Send 「ありがとう」 to the volunteers who completed the request (its resident)',
        params: IdParams,
        body: ThanksBody,
        response: { 201: HelpRequestResponse, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { relation } = await requestFor(app.db, user, request.params.id);
      if (relation !== 'owner') throw new AppError('forbidden');
      const notices = await sendThanks(app.db, request.params.id, user.id, request.body.message);
      await publishNotices(app, notices);
      return reply.code(201).send({ request: await viewFor(user.id, request.params.id, relation) });
    },
  );

  app.get(
    '/:id/candidates',
    {
      schema: {
        tags: ['help requests'],
        summary: 'Eligible volunteers for the request, best first, with score breakdowns',
        params: IdParams,
        response: { 200: CandidateList, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { relation } = await requestFor(app.db, user, request.params.id);
      if (relation !== 'coordinator') throw new AppError('forbidden');
      return listCandidates(app.db, request.params.id);
    },
  );

  app.post(
    '/:id/assign',
    {
      schema: {
        tags: ['help requests'],
        summary: 'Assign an eligible volunteer by hand; the offer goes to them at once',
        params: IdParams,
        body: AssignBody,
        response: { 200: HelpRequestResponse, ...errors },
      },
    },
    (request) =>
      moveRequest(request, request.params.id, ['coordinator'], (actorId) =>
        assignFromCandidates(app.db, request.params.id, request.body.volunteerId, actorId),
      ),
  );
};

export default helpRequestRoutes;
