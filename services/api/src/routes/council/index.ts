import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ActivityQuery,
  ActivityReport,
  CentreBody,
  CentreParams,
  CouncilCentre,
  CouncilCentreList,
  DistrictImportBody,
  DistrictImportResult,
  ErrorBody,
  IndicatorHistory,
  IndicatorList,
  IndicatorParams,
  IndicatorValueBody,
  IndicatorValueEntry,
  PublicSummary,
} from '@sasaeai/contracts';
import { fiscalYearOf } from '@sasaeai/core';
import { AppError } from '../../errors/app-error.ts';
import {
  canActInDistrict,
  currentUser,
  districtIdsFor,
  hasRole,
} from '../../plugins/app/authorization.ts';
import { districtIdsByCode } from '../../repositories/users-repository.ts';
import {
  activityCsv,
  activityReport,
  publicSummary,
  type ActivityScope,
} from '../../use-cases/council/activity.ts';
import {
  enterIndicatorValue,
  indicatorHistory,
  listIndicators,
} from '../../use-cases/council/indicators.ts';
import { importDistricts } from '../../use-cases/council/import-districts.ts';
import { listCentres, saveCentre } from '../../use-cases/council/centres.ts';
import { decodeCsvFile, undecodableCsv } from '../../use-cases/council/decode-csv.ts';
import councilTownRoutes from './towns.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/**
 * The council dashboard's API: the plan's indicators, district activity, the public summary and
 * the registry of districts and centres. Council staff and admins see the whole city;
 * coordinators see the activity of their own districts only; residents and volunteers nothing.
 */
const councilRoutes: FastifyPluginAsyncZod = async (app) => {
  const staff = app.requireRole('council', 'admin');
  const staleness = { maxStaleMs: app.config.COUNCIL_MAX_STALE_SECONDS * 1000 };

  app.get(
    '/indicators',
    {
      preHandler: staff,
      schema: {
        tags: ['council'],
        summary: 'The plan’s indicators: baseline, latest, target, path and status',
        response: { 200: IndicatorList, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async () => listIndicators(app.db),
  );

  app.post(
    '/indicators/:code/values',
    {
      preHandler: staff,
      schema: {
        tags: ['council'],
        summary: 'Enter (or correct) a staff-measured indicator’s value for a fiscal year',
        params: IndicatorParams,
        body: IndicatorValueBody,
        response: { 201: IndicatorValueEntry, ...errors, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const entry = await enterIndicatorValue(app.db, request.params.code, request.body, user.id);
      return reply.code(201).send(entry);
    },
  );

  app.get(
    '/indicators/:code/history',
    {
      preHandler: staff,
      schema: {
        tags: ['council'],
        summary: 'Every value of an indicator, corrections included (newest first)',
        params: IndicatorParams,
        response: { 200: IndicatorHistory, ...errors },
      },
    },
    async (request) => indicatorHistory(app.db, request.params.code),
  );

  /** Which districts may this caller see, given an optional district filter? */
  async function activityScope(request: FastifyRequest, query: ActivityQuery) {
    const user = currentUser(request);
    const fiscalYear = query.fiscalYear ?? fiscalYearOf(new Date());
    const base = { fiscalYear, category: query.category ?? null };
    if (query.district) {
      const districtId = (await districtIdsByCode(app.db, [query.district])).get(query.district);
      if (!districtId) throw new AppError('not_found');
      if (!canActInDistrict(user, districtId, ['coordinator', 'council', 'admin'])) {
        throw new AppError('forbidden');
      }
      return { ...base, district: query.district, districtIds: [districtId] };
    }
    const districtIds = hasRole(user, 'council', 'admin')
      ? null
      : districtIdsFor(user, 'coordinator');
    return { ...base, district: null, districtIds } satisfies ActivityScope;
  }

  const activityAccess = app.requireRole('coordinator', 'council', 'admin');

  app.get(
    '/activity',
    {
      preHandler: activityAccess,
      schema: {
        tags: ['council'],
        summary: 'Requests and help by district and month of a fiscal year',
        querystring: ActivityQuery,
        response: { 200: ActivityReport, ...errors },
      },
    },
    async (request) =>
      activityReport(app.db, await activityScope(request, request.query), staleness),
  );

  app.get(
    '/activity.csv',
    {
      preHandler: activityAccess,
      schema: {
        tags: ['council'],
        summary: 'The activity table as CSV (UTF-8 with BOM, Japanese and English header)',
        querystring: ActivityQuery,
        response: { 200: z.string().describe('text/csv; charset=utf-8'), ...errors },
      },
    },
    async (request, reply) => {
      const scope = await activityScope(request, request.query);
      const csv = activityCsv(await activityReport(app.db, scope, staleness));
      const name = `sasaeai-activity-FY${String(scope.fiscalYear)}${scope.district ? `-${scope.district}` : ''}${scope.category ? `-${scope.category}` : ''}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(csv);
    },
  );

  app.get(
    '/public/summary',
    {
      schema: {
        tags: ['council'],
        summary: 'City-wide totals for everyone (no district under 10 requests is named)',
        response: { 200: PublicSummary },
      },
    },
    async () => publicSummary(app.db, new Date(), staleness),
  );

  app.get(
    '/centres',
    {
      preHandler: staff,
      schema: {
        tags: ['council'],
        summary: 'Volunteer centres with status, dates, phone and opening hours',
        response: { 200: CouncilCentreList, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async () => listCentres(app.db),
  );

  app.post(
    '/centres',
    {
      preHandler: staff,
      schema: {
        tags: ['council'],
        summary: 'Add a volunteer centre',
        body: CentreBody,
        response: { 201: CouncilCentre, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      return reply.code(201).send(await saveCentre(app.db, request.body, user.id, null));
    },
  );

  app.put(
    '/centres/:id',
    {
      preHandler: staff,
      schema: {
        tags: ['council'],
        summary: 'Change a centre’s status, dates, name, district, phone or opening hours',
        params: CentreParams,
        body: CentreBody,
        response: { 200: CouncilCentre, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return saveCentre(app.db, request.body, user.id, request.params.id);
    },
  );

  // A CSV file sent as is (text/csv) is decoded here, in whatever encoding it was saved in;
  // pasted text arrives as JSON. Both then meet the same body schema.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_request, body, done) => {
    const csv = decodeCsvFile(body as Buffer);
    if (csv === null) done(new AppError('validation_failed', undefined, [undecodableCsv]));
    else done(null, { csv });
  });

  app.post(
    '/districts/import',
    {
      preHandler: staff,
      schema: {
        tags: ['council'],
        summary: 'Import districts from CSV (code,name,kana,lat,lon[,name_en]); all rows or none',
        description:
          'Send `{ "csv": text }` as JSON, or the file itself as `text/csv` in UTF-8 or ' +
          'Shift_JIS (as Excel saves it); its encoding is detected.',
        body: DistrictImportBody,
        response: { 200: DistrictImportResult, ...errors },
      },
    },
    async (request) => importDistricts(app.db, request.body.csv, currentUser(request).id),
  );

  await app.register(councilTownRoutes);
};

export default councilRoutes;
