import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DeclareSnowEventBody,
  DeclareSnowEventResponse,
  ErrorBody,
  SnowBoard,
  SnowBoardQuery,
  SnowImportQuery,
  SnowImportResponse,
} from '@sasaeai/contracts';
import { AppError } from '../errors/app-error.ts';
import { currentUser } from '../plugins/app/authorization.ts';
import { declareSnowEvents } from '../use-cases/snow/declare-snow-events.ts';
import { snowBoard } from '../use-cases/snow/snow-board.ts';
import { importJmaSnowfall } from '../use-cases/snow/import-jma-snowfall.ts';

/** A year of daily rows is about 30 KB; this leaves room for several stations and items. */
const CSV_LIMIT_BYTES = 1_048_576;

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
};

/** Snowfalls: declared by a coordinator or the council, or imported from JMA observations. */
const snowEventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireRole('coordinator', 'council', 'admin'));

  app.post(
    '',
    {
      schema: {
        tags: ['snow season'],
        summary: 'Declare a snowfall: each triggered winter registration becomes a dated request',
        description:
          'Idempotent per district and day: declaring again creates nothing twice; a deeper figure adds only newly triggered registrations.',
        body: DeclareSnowEventBody,
        response: { 200: DeclareSnowEventResponse, ...errors },
      },
    },
    async (request) => declareSnowEvents(app.db, currentUser(request), request.body),
  );

  app.get(
    '/board',
    {
      schema: {
        tags: ['snow season'],
        summary: 'A day’s snow events and their requests by status, per district',
        querystring: SnowBoardQuery,
        response: { 200: SnowBoard, ...errors },
      },
    },
    async (request) => snowBoard(app.db, currentUser(request), request.query.date),
  );

  // The JMA file is uploaded as it was downloaded: Shift_JIS bytes, decoded by the use case.
  app.addContentTypeParser(
    ['text/csv', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: CSV_LIMIT_BYTES },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/import',
    {
      bodyLimit: CSV_LIMIT_BYTES,
      schema: {
        tags: ['snow season'],
        summary: 'Import observed snowfall from a JMA 過去の気象データ CSV (Shift_JIS)',
        description:
          'Body: the CSV file as downloaded (Content-Type text/csv). Each day of 1 cm or more becomes a snow event in each district named in the query. All or nothing: a bad line is a 400 naming it.',
        querystring: SnowImportQuery,
        response: { 200: SnowImportResponse, ...errors },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new AppError('validation_failed', undefined, [
          {
            field: 'body',
            message: { ja: 'CSVファイルを選んでください。', en: 'Choose a CSV file.' },
          },
        ]);
      }
      return importJmaSnowfall(app.db, {
        actor: currentUser(request),
        csv: request.body,
        station: request.query.station,
        districts: request.query.districts,
      });
    },
  );
};

export default snowEventRoutes;
