import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import {
  CentreReport,
  CentreReportQuery,
  DistrictExportQuery,
  ErrorBody,
  MatchesExportQuery,
  RequestsExportQuery,
} from '@sasaeai/contracts';
import { currentUser } from '../plugins/app/authorization.ts';
import { centreReportFor } from '../use-cases/reports/centre-report.ts';
import { exportCsv, type ExportRequest } from '../use-cases/exports/run-export.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const csvNote =
  'UTF-8 with BOM, CRLF; header cells are Japanese then English ("依頼数 / Requests"); cells starting with = + - @, tab or CR are prefixed with \'';

/** The centre's monthly and annual report, and the coordinator's CSV exports. */
const deskReportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'admin'));

  app.get(
    '/reports',
    {
      schema: {
        tags: ['desk'],
        summary: 'A centre’s report for a month (month=YYYY-MM) or fiscal year (fy=2026)',
        querystring: CentreReportQuery,
        response: { 200: CentreReport, ...errors },
      },
    },
    async (request) => centreReportFor(app.db, currentUser(request), request.query),
  );

  const send = async (
    reply: FastifyReply,
    exported: Promise<{ stream: NodeJS.ReadableStream; filename: string }>,
  ) => {
    const { stream, filename } = await exported;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(stream);
  };
  const run = (request: Parameters<typeof currentUser>[0], exportRequest: ExportRequest) =>
    exportCsv(app.db, currentUser(request), exportRequest);

  app.get(
    '/exports/requests.csv',
    {
      schema: {
        tags: ['desk'],
        summary: `Requests as CSV (the desk’s filters). ${csvNote}`,
        querystring: RequestsExportQuery,
        response: errors,
      },
    },
    async (request, reply) => send(reply, run(request, { kind: 'requests', query: request.query })),
  );
  app.get(
    '/exports/matches.csv',
    {
      schema: {
        tags: ['desk'],
        summary: `Matches as CSV. ${csvNote}`,
        querystring: MatchesExportQuery,
        response: errors,
      },
    },
    async (request, reply) => send(reply, run(request, { kind: 'matches', query: request.query })),
  );
  app.get(
    '/exports/volunteers.csv',
    {
      schema: {
        tags: ['desk'],
        summary: `Volunteers as CSV. ${csvNote}`,
        querystring: DistrictExportQuery,
        response: errors,
      },
    },
    async (request, reply) =>
      send(reply, run(request, { kind: 'volunteers', query: request.query })),
  );
  app.get(
    '/exports/residents.csv',
    {
      schema: {
        tags: ['desk'],
        summary: `Residents (own districts only) as CSV. ${csvNote}`,
        querystring: DistrictExportQuery,
        response: errors,
      },
    },
    async (request, reply) =>
      send(reply, run(request, { kind: 'residents', query: request.query })),
  );
  app.get(
    '/exports/activity.csv',
    {
      schema: {
        tags: ['desk'],
        summary: `The report’s rows as CSV. ${csvNote}`,
        querystring: CentreReportQuery,
        response: errors,
      },
    },
    async (request, reply) => send(reply, run(request, { kind: 'activity', query: request.query })),
  );
};

export default deskReportRoutes;
