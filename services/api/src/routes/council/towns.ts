import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ErrorBody,
  TownBody,
  TownImportBody,
  TownImportResult,
  TownList,
  TownQuery,
} from '@sasaeai/contracts';
import { z } from 'zod';
import { currentUser } from '../../plugins/app/authorization.ts';
import { importTowns } from '../../use-cases/towns/import-towns.ts';
import { listTowns, saveTown, townsCsv } from '../../use-cases/towns/town-table.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/**
 * The town (町名) → district table that places addresses: council staff and admins read, edit
 * and import it. Registered inside the council routes (their `text/csv` parser applies).
 */
const councilTownRoutes: FastifyPluginAsyncZod = async (app) => {
  const staff = app.requireRole('council', 'admin');

  app.get(
    '/towns',
    {
      preHandler: staff,
      schema: {
        tags: ['council'],
        summary: 'Towns (町名) and their districts, by district; `q` searches name and reading',
        querystring: TownQuery,
        response: { 200: TownList, ...errors },
      },
    },
    async (request) => listTowns(app.db, request.query.q || undefined),
  );

  app.get(
    '/towns.csv',
    {
      preHandler: staff,
      schema: {
        tags: ['council'],
        summary: 'The town table as CSV, in the import’s columns (UTF-8 with BOM)',
        response: { 200: z.string().describe('text/csv; charset=utf-8'), ...errors },
      },
    },
    async (_request, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="sasaeai-towns.csv"')
        .send(townsCsv(await listTowns(app.db, undefined))),
  );

  app.put(
    '/towns',
    {
      preHandler: staff,
      schema: {
        tags: ['council'],
        summary: 'Add a town, or move a town to another district',
        body: TownBody,
        response: { 200: z.object({ created: z.boolean() }), ...errors },
      },
    },
    async (request) => saveTown(app.db, request.body, currentUser(request).id),
  );

  app.post(
    '/towns/import',
    {
      preHandler: staff,
      schema: {
        tags: ['council'],
        summary: 'Import towns from CSV (town,kana,district[,needs_jo]); all rows or none',
        description:
          'Send `{ "csv": text }` as JSON, or the file itself as `text/csv` (UTF-8 or Shift_JIS).',
        body: TownImportBody,
        response: { 200: TownImportResult, ...errors },
      },
    },
    async (request) => importTowns(app.db, request.body.csv, currentUser(request).id),
  );
};

export default councilTownRoutes;
