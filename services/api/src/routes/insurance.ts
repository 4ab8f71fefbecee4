import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorBody,
  FiscalYearQuery,
  IdParams,
  InsuranceCorrectionBody,
  InsuranceEnrolmentBody,
  InsuranceRecorded,
  InsuranceRoster,
} from '@sasaeai/contracts';
import { fiscalYearOfDate, jstToday } from '@sasaeai/core';
import { currentUser } from '../plugins/app/authorization.ts';
import { correctEnrolment, removeEnrolment } from '../use-cases/insurance/correct.ts';
import { recordEnrolments } from '../use-cases/insurance/record.ts';
import { insuranceRoster } from '../use-cases/insurance/roster.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['volunteers'];

/** Volunteer activity insurance (ボランティア活動保険) as the centre records it. */
const insuranceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'admin'));

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'The insurance roster of the coordinator’s volunteers for a fiscal year',
        querystring: FiscalYearQuery,
        response: { 200: InsuranceRoster, ...errors },
      },
    },
    async (request) => {
      const today = jstToday();
      const fiscalYear = request.query.fiscalYear ?? fiscalYearOfDate(today);
      return insuranceRoster(app.db, currentUser(request), fiscalYear, today);
    },
  );

  app.post(
    '/enrolments',
    {
      schema: {
        tags,
        summary:
          'Record the enrolment of one or several volunteers for a fiscal year (all or none)',
        body: InsuranceEnrolmentBody,
        response: { 201: InsuranceRecorded, ...errors },
      },
    },
    async (request, reply) => {
      const recorded = await recordEnrolments(app.db, currentUser(request), request.body);
      reply.code(201);
      return recorded;
    },
  );

  app.put(
    '/enrolments/:id',
    {
      schema: {
        tags,
        summary: 'Correct an enrolment’s plan or date (audited)',
        params: IdParams,
        body: InsuranceCorrectionBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await correctEnrolment(app.db, currentUser(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/enrolments/:id',
    {
      schema: {
        tags,
        summary: 'Remove an enrolment recorded in error (audited)',
        params: IdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await removeEnrolment(app.db, currentUser(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default insuranceRoutes;
