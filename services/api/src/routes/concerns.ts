import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ConcernCaseBody,
  ConcernCaseView,
  ConcernList,
  ConcernListQuery,
  ConcernNoteBody,
  ConcernStatus,
  ConsultationBody,
  DistrictParams,
  ErrorBody,
  IdParams,
  ReferralBody,
  ReferralParams,
  ReferralStatus,
  ReferralUpdateBody,
} from '@sasaeai/contracts';
import { currentUser } from '../plugins/app/authorization.ts';
import { addConcernNote } from '../use-cases/concerns/add-concern-note.ts';
import { followUpConcern } from '../use-cases/concerns/follow-up-concern.ts';
import { listConcerns } from '../use-cases/concerns/list-concerns.ts';
import { recordConsultation } from '../use-cases/concerns/record-consultation.ts';
import { addReferral, updateReferral } from '../use-cases/concerns/referrals.ts';
import { updateConcernCase } from '../use-cases/concerns/update-concern-case.ts';
import { viewConcernCase } from '../use-cases/concerns/view-concern-case.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Created = z.object({ id: z.uuid() });

/**
 * 見守り cases: worries volunteers raised, for the coordinators of the resident's district, who
 * keep notes, refer and follow up. A 民生委員 of the district reads the cases and adds notes.
 */
const concernRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'admin', 'minsei_iin'));
  const managers = app.requireRole('coordinator', 'admin');

  app.get(
    '',
    {
      schema: {
        tags: ['concerns'],
        summary: 'Wellbeing cases in the caller’s districts, overdue follow-ups first',
        querystring: ConcernListQuery,
        response: { 200: ConcernList, ...errors },
      },
    },
    async (request) => listConcerns(app.db, currentUser(request), request.query),
  );

  app.post(
    '/consultations/:code',
    {
      preHandler: managers,
      schema: {
        tags: ['concerns'],
        summary: 'Record a consultation (相談) received outside any case, for a district',
        params: DistrictParams,
        body: ConsultationBody,
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) => {
      const consultation = await recordConsultation(
        app.db,
        currentUser(request),
        request.params.code,
        request.body,
      );
      return reply.code(201).send(consultation);
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['concerns'],
        summary: 'One case: the concern, its notes and referrals',
        params: IdParams,
        response: { 200: ConcernCaseView, ...errors },
      },
    },
    async (request) => viewConcernCase(app.db, currentUser(request), request.params.id),
  );

  app.post(
    '/:id/notes',
    {
      schema: {
        tags: ['concerns'],
        summary: 'Add a note (or, for a coordinator, a consultation) to a case',
        params: IdParams,
        body: ConcernNoteBody,
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) => {
      const note = await addConcernNote(
        app.db,
        currentUser(request),
        request.params.id,
        request.body,
      );
      return reply.code(201).send(note);
    },
  );

  app.patch(
    '/:id',
    {
      preHandler: managers,
      schema: {
        tags: ['concerns'],
        summary: 'Change a case’s status or follow-up date',
        params: IdParams,
        body: ConcernCaseBody,
        response: {
          200: z.object({ id: z.uuid(), status: ConcernStatus, followUpOn: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request) =>
      updateConcernCase(app.db, currentUser(request), request.params.id, request.body),
  );

  app.post(
    '/:id/referrals',
    {
      preHandler: managers,
      schema: {
        tags: ['concerns'],
        summary: 'Refer a case (地域包括支援センター, 民生委員, family, other)',
        params: IdParams,
        body: ReferralBody,
        response: { 201: Created, ...errors },
      },
    },
    async (request, reply) => {
      const referral = await addReferral(
        app.db,
        currentUser(request),
        request.params.id,
        request.body,
      );
      return reply.code(201).send(referral);
    },
  );

  app.patch(
    '/:id/referrals/:referralId',
    {
      preHandler: managers,
      schema: {
        tags: ['concerns'],
        summary: 'Move a referral along (proposed → made → accepted / declined / closed)',
        params: ReferralParams,
        body: ReferralUpdateBody,
        response: { 200: z.object({ id: z.uuid(), status: ReferralStatus }), ...errors },
      },
    },
    async (request) => updateReferral(app.db, currentUser(request), request.params, request.body),
  );

  app.post(
    '/:id/follow-up',
    {
      preHandler: managers,
      schema: {
        tags: ['concerns'],
        summary: 'Close a case in one step (the inbox’s 対応済み)',
        params: IdParams,
        response: { 200: z.object({ id: z.uuid(), status: z.literal('closed') }), ...errors },
      },
    },
    async (request) => followUpConcern(app.db, currentUser(request), request.params.id),
  );
};

export default concernRoutes;
