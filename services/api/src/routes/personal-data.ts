import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AuditPage,
  AuditQuery,
  DeletionDecisionResponse,
  DeletionRequestParams,
  ErrorBody,
  MyDataExport,
  MyDeletionRequestResponse,
  PendingDeletionsResponse,
  RefuseDeletionBody,
} from '@sasaeai/contracts';
import { publishNotices } from '../live/publish.ts';
import { currentUser } from '../plugins/app/authorization.ts';
import { anonymiseAccount } from '../use-cases/personal-data/anonymise-account.ts';
import {
  myDeletionRequest,
  pendingDeletions,
  refuseDeletion,
  requestDeletion,
  toMyDeletionRequest,
} from '../use-cases/personal-data/deletion-requests.ts';
import { exportMyData } from '../use-cases/personal-data/export-my-data.ts';
import { listAuditEvents } from '../use-cases/personal-data/list-audit-events.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** APPI: a person's own data to download, their deletion request, and the centre's decision. */
const personalDataRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/data',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['account'],
        summary: 'Everything held about the signed-in person, including who saw their address',
        response: { 200: MyDataExport, ...errors },
      },
    },
    async (request) => exportMyData(app.db, currentUser(request)),
  );

  app.get(
    '/me/deletion-request',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['account'],
        summary: 'The signed-in person’s latest deletion request, if any',
        response: { 200: MyDeletionRequestResponse, ...errors },
      },
    },
    async (request) => {
      const row = await myDeletionRequest(app.db, currentUser(request).id);
      return { request: row ? toMyDeletionRequest(row) : null };
    },
  );

  app.post(
    '/me/deletion-request',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['account'],
        summary: 'Ask the centre to delete one’s account (asking again returns the open request)',
        response: { 201: MyDeletionRequestResponse, ...errors },
      },
    },
    async (request, reply) => {
      const row = await requestDeletion(app.db, currentUser(request));
      return reply.code(201).send({ request: toMyDeletionRequest(row) });
    },
  );

  app.get(
    '/deletion-requests',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['account'],
        summary: 'Open deletion requests of people in the coordinator’s districts (admin: all)',
        response: { 200: PendingDeletionsResponse, ...errors },
      },
    },
    async (request) => ({ requests: await pendingDeletions(app.db, currentUser(request)) }),
  );

  app.post(
    '/deletion-requests/:id/carry-out',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['account'],
        summary:
          'Anonymise the account: live work ends, contact and notes are erased, history stays',
        params: DeletionRequestParams,
        response: { 200: DeletionDecisionResponse, ...errors },
      },
    },
    async (request) => {
      const { notices } = await anonymiseAccount(app.db, currentUser(request), request.params.id);
      await publishNotices(app, notices);
      return { id: request.params.id, status: 'done' as const };
    },
  );

  app.post(
    '/deletion-requests/:id/refuse',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['account'],
        summary: 'Refuse a deletion request with a reason the person sees',
        params: DeletionRequestParams,
        body: RefuseDeletionBody,
        response: { 200: DeletionDecisionResponse, ...errors },
      },
    },
    async (request) => {
      const row = await refuseDeletion(
        app.db,
        currentUser(request),
        request.params.id,
        request.body.reason,
      );
      return { id: row.id, status: row.status };
    },
  );

  app.get(
    '/audit-events',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['account'],
        summary:
          'Who saw which resident’s address, and every other audited action: own districts (admin: city)',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errors },
      },
    },
    async (request) => listAuditEvents(app.db, currentUser(request), request.query),
  );
};

export default personalDataRoutes;
