import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorBody,
  IdParams,
  ResidentParams,
  SeasonQuery,
  WinterFeeAssignmentBody,
  WinterFeeClass,
  WinterFeeClassBody,
  WinterFeeClassList,
  WinterFeesExportParams,
  WinterHouseholdFees,
  WinterPaymentBody,
  WinterPaymentParams,
  WinterPaymentVoidBody,
} from '@sasaeai/contracts';
import { jstToday, seasonToRegisterFor } from '@sasaeai/core';
import { currentUser } from '../plugins/app/authorization.ts';
import {
  createFeeClass,
  listFeeClasses,
  updateFeeClass,
} from '../use-cases/winter-fees/fee-classes.ts';
import { winterFeesCsv } from '../use-cases/winter-fees/fees-export.ts';
import {
  recordWinterPayment,
  setHouseholdFeeClass,
  viewHouseholdFees,
  voidWinterPayment,
} from '../use-cases/winter-fees/household-fees.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['snow season'];

/** The season asked for, else the one registrations are taken for today. */
const seasonOf = (query: { season?: number | undefined }) =>
  query.season ?? seasonToRegisterFor(jstToday());

/** The paid winter service (有償ボランティア, 福祉除雪): fee classes, household fees, payments. */
const winterFeeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'admin'));

  app.get(
    '/classes',
    {
      schema: {
        tags,
        summary: 'The fee classes of the paid winter service',
        response: { 200: WinterFeeClassList, ...errors },
      },
    },
    async () => listFeeClasses(app.db),
  );

  app.post(
    '/classes',
    {
      schema: {
        tags,
        summary: 'Add a fee class (the centre)',
        body: WinterFeeClassBody,
        response: { 201: WinterFeeClass, ...errors },
      },
    },
    async (request, reply) => {
      const created = await createFeeClass(app.db, currentUser(request), request.body);
      reply.code(201);
      return created;
    },
  );

  app.put(
    '/classes/:id',
    {
      schema: {
        tags,
        summary: 'Rename, re-price or retire a fee class (fees already set keep their amount)',
        params: IdParams,
        body: WinterFeeClassBody,
        response: { 200: WinterFeeClass, ...errors },
      },
    },
    async (request) =>
      updateFeeClass(app.db, currentUser(request), request.params.id, request.body),
  );

  app.get(
    '/households/:residentId',
    {
      schema: {
        tags,
        summary: 'A household’s fee class and payments for a season (its district’s coordinators)',
        params: ResidentParams,
        querystring: SeasonQuery,
        response: { 200: WinterHouseholdFees, ...errors },
      },
    },
    async (request) =>
      viewHouseholdFees(
        app.db,
        currentUser(request),
        request.params.residentId,
        seasonOf(request.query),
      ),
  );

  app.put(
    '/households/:residentId',
    {
      schema: {
        tags,
        summary: 'Set a household’s fee class for a season (the fee is copied from the class)',
        params: ResidentParams,
        body: WinterFeeAssignmentBody,
        response: { 200: WinterHouseholdFees, ...errors },
      },
    },
    async (request) =>
      setHouseholdFeeClass(app.db, currentUser(request), request.params.residentId, request.body),
  );

  app.post(
    '/households/:residentId/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment of a household’s season fee (audited)',
        params: ResidentParams,
        body: WinterPaymentBody,
        response: { 201: WinterHouseholdFees, ...errors },
      },
    },
    async (request, reply) => {
      const fees = await recordWinterPayment(
        app.db,
        currentUser(request),
        request.params.residentId,
        request.body,
      );
      reply.code(201);
      return fees;
    },
  );

  app.post(
    '/households/:residentId/payments/:paymentId/void',
    {
      schema: {
        tags,
        summary: 'Void a payment recorded by mistake (kept, marked voided, no longer counted)',
        params: WinterPaymentParams,
        body: WinterPaymentVoidBody,
        response: { 200: WinterHouseholdFees, ...errors },
      },
    },
    async (request) =>
      voidWinterPayment(app.db, currentUser(request), {
        residentId: request.params.residentId,
        paymentId: request.params.paymentId,
        body: request.body,
      }),
  );

  app.get(
    '/districts/:code/export.csv',
    {
      schema: {
        tags,
        summary: 'A district’s fee classes and payments for a season as CSV (UTF-8 with BOM)',
        params: WinterFeesExportParams,
        querystring: SeasonQuery,
        response: { 200: z.string().describe('text/csv; charset=utf-8'), ...errors },
      },
    },
    async (request, reply) => {
      const { csv, filename } = await winterFeesCsv(
        app.db,
        currentUser(request),
        request.params.code,
        seasonOf(request.query),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
    },
  );
};

export default winterFeeRoutes;
