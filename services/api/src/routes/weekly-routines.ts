import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CollectionHolidayBody,
  CollectionHolidayList,
  ErrorBody,
  IdParams,
  IsoDate,
  RoutineSkipBody,
  RoutineTaskList,
  WeeklyRoutineBody,
  WeeklyRoutineList,
  WeeklyRoutineResponse,
  WeeklyRoutinesQuery,
} from '@sasaeai/contracts';
import { currentUser } from '../plugins/app/authorization.ts';
import {
  listCollectionHolidays,
  removeCollectionHoliday,
  setCollectionHoliday,
} from '../use-cases/routines/collection-calendar.ts';
import {
  changeWeeklyRoutine,
  createWeeklyRoutine,
  listWeeklyRoutines,
  volunteerRoutineTasks,
} from '../use-cases/routines/weekly-routines.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['weekly routines'];

/** Weekly routine needs (rubbish runs) and the city's collection calendar. */
const weeklyRoutineRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', app.requireUser);

  app.post(
    '/weekly-routines',
    {
      schema: {
        tags,
        summary: 'Set up a weekly routine (a resident; a coordinator with residentId)',
        body: WeeklyRoutineBody,
        response: { 201: WeeklyRoutineResponse, ...errors },
      },
    },
    async (request, reply) => {
      const routine = await createWeeklyRoutine(app.db, currentUser(request), request.body);
      reply.code(201);
      return { routine };
    },
  );

  app.get(
    '/weekly-routines',
    {
      schema: {
        tags,
        summary: 'One’s own routines, or (coordinators) a resident’s, with their next two weeks',
        querystring: WeeklyRoutinesQuery,
        response: { 200: WeeklyRoutineList, ...errors },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      return {
        routines: await listWeeklyRoutines(app.db, actor, request.query.resident ?? actor.id),
      };
    },
  );

  for (const change of ['pause', 'resume', 'end'] as const) {
    app.post(
      `/weekly-routines/:id/${change}`,
      {
        schema: {
          tags,
          summary: `${change} a routine (its resident or their coordinator)`,
          params: IdParams,
          response: { 200: WeeklyRoutineResponse, ...errors },
        },
      },
      async (request) => ({
        routine: await changeWeeklyRoutine(app.db, currentUser(request), request.params.id, change),
      }),
    );
  }

  app.post(
    '/weekly-routines/:id/skips',
    {
      schema: {
        tags,
        summary: 'Skip one date of a routine',
        params: IdParams,
        body: RoutineSkipBody,
        response: { 200: WeeklyRoutineResponse, ...errors },
      },
    },
    async (request) => ({
      routine: await changeWeeklyRoutine(app.db, currentUser(request), request.params.id, {
        skip: request.body.day,
      }),
    }),
  );

  app.get(
    '/me/routine-tasks',
    {
      preHandler: app.requireRole('volunteer'),
      schema: {
        tags,
        summary: 'A volunteer’s accepted routine occurrences still to come',
        response: { 200: RoutineTaskList, ...errors },
      },
    },
    async (request) => volunteerRoutineTasks(app.db, currentUser(request)),
  );

  app.get(
    '/collection-holidays',
    {
      schema: {
        tags,
        summary: 'The city’s days without collection (年末年始)',
        response: { 200: CollectionHolidayList, ...errors },
      },
    },
    async () => listCollectionHolidays(app.db),
  );

  app.post(
    '/collection-holidays',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags,
        summary: 'Add or rename a day without collection (the centre)',
        body: CollectionHolidayBody,
        response: { 200: CollectionHolidayList, ...errors },
      },
    },
    async (request) =>
      setCollectionHoliday(app.db, currentUser(request), request.body.day, request.body.note),
  );

  app.post(
    '/collection-holidays/:day/remove',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags,
        summary: 'Remove a day without collection (the centre)',
        params: z.object({ day: IsoDate }),
        response: { 200: CollectionHolidayList, ...errors },
      },
    },
    async (request) => removeCollectionHoliday(app.db, currentUser(request), request.params.day),
  );
};

export default weeklyRoutineRoutes;
