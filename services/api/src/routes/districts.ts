import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { asc, eq } from 'drizzle-orm';
import {
  CentreList,
  DistrictList,
  DistrictParams,
  DistrictSettingsBody,
  DistrictSettingsView,
  ErrorBody,
  VolunteerList,
} from '@sasaeai/contracts';
import { districtSettingsFor } from '@sasaeai/db/help-loop';
import {
  auditEvents,
  districtNeighbours,
  districtSettings,
  districts,
  volunteerCentres,
} from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import { canActInDistrict, currentUser } from '../plugins/app/authorization.ts';
import { districtIdsByCode } from '../repositories/users-repository.ts';
import { listDistrictVolunteers } from '../repositories/volunteers-repository.ts';

const districtRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      schema: {
        tags: ['districts'],
        summary: 'All districts with centroids and neighbours (public)',
        response: { 200: DistrictList },
      },
    },
    async () => {
      const rows = await app.db.select().from(districts).orderBy(asc(districts.code));
      const links = await app.db.select().from(districtNeighbours);
      const codeById = new Map(rows.map((row) => [row.id, row.code]));
      return {
        districts: rows.map((row) => ({
          code: row.code,
          name: row.name,
          kana: row.kana,
          lat: row.lat,
          lon: row.lon,
          neighbours: links
            .filter((link) => link.districtId === row.id)
            .map((link) => codeById.get(link.neighbourId) ?? '')
            .filter(Boolean)
            .sort(),
        })),
      };
    },
  );

  app.get(
    '/centres',
    {
      schema: {
        tags: ['districts'],
        summary: 'Volunteer centres with their status (public)',
        response: { 200: CentreList },
      },
    },
    async () => {
      const rows = await app.db
        .select({
          id: volunteerCentres.id,
          district: districts.code,
          name: volunteerCentres.name,
          status: volunteerCentres.status,
          openedOn: volunteerCentres.openedOn,
        })
        .from(volunteerCentres)
        .innerJoin(districts, eq(districts.id, volunteerCentres.districtId))
        .orderBy(asc(districts.code));
      return { centres: rows };
    },
  );

  app.get(
    '/:code/volunteers',
    {
      preHandler: app.requireRole('coordinator', 'council', 'admin'),
      schema: {
        tags: ['districts'],
        summary: 'Volunteers serving a district (its coordinators, council staff, admins)',
        params: DistrictParams,
        response: {
          200: VolunteerList,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const districtId = (await districtIdsByCode(app.db, [request.params.code])).get(
        request.params.code,
      );
      if (!districtId) throw new AppError('not_found');
      if (!canActInDistrict(user, districtId, ['coordinator', 'council', 'admin'])) {
        throw new AppError('forbidden');
      }
      return { volunteers: await listDistrictVolunteers(app.db, districtId) };
    },
  );

  async function coordinatedDistrict(request: Parameters<typeof currentUser>[0], code: string) {
    const user = currentUser(request);
    const districtId = (await districtIdsByCode(app.db, [code])).get(code);
    if (!districtId) throw new AppError('not_found');
    if (!canActInDistrict(user, districtId, ['coordinator', 'admin']))
      throw new AppError('forbidden');
    return { user, districtId };
  }

  app.get(
    '/:code/settings',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['districts'],
        summary: 'The district’s matching settings (its coordinators)',
        params: DistrictParams,
        response: {
          200: DistrictSettingsView,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const { districtId } = await coordinatedDistrict(request, request.params.code);
      const settings = await districtSettingsFor(app.db, districtId);
      return {
        district: request.params.code,
        autoApproveTrusted: settings.autoApproveTrusted,
        offerTtlHours: Math.round(settings.offerTtlMinutes / 60),
        retentionYears: Math.round(settings.retentionMonths / 12),
        snowOffersFromFive: settings.snowOffersFromFive,
      };
    },
  );

  app.put(
    '/:code/settings',
    {
      preHandler: app.requireRole('coordinator', 'admin'),
      schema: {
        tags: ['districts'],
        summary:
          'Auto-approve trusted volunteers; how long an offer waits for an answer; retention; snow offers from 05:00',
        params: DistrictParams,
        body: DistrictSettingsBody,
        response: {
          200: DistrictSettingsView,
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const { user, districtId } = await coordinatedDistrict(request, request.params.code);
      const values = {
        autoApproveTrusted: request.body.autoApproveTrusted,
        offerTtlMinutes: request.body.offerTtlHours * 60,
        ...(request.body.retentionYears === undefined
          ? {}
          : { retentionMonths: request.body.retentionYears * 12 }),
        ...(request.body.snowOffersFromFive === undefined
          ? {}
          : { snowOffersFromFive: request.body.snowOffersFromFive }),
        updatedBy: user.id,
      };
      await app.db.transaction(async (tx) => {
        await tx
          .insert(districtSettings)
          .values({ districtId, ...values })
          .onConflictDoUpdate({ target: districtSettings.districtId, set: values });
        await tx.insert(auditEvents).values({
          actorId: user.id,
          action: 'district.settings_changed',
          subjectType: 'district',
          subjectId: districtId,
          districtId,
          details: request.body,
        });
      });
      const saved = await districtSettingsFor(app.db, districtId);
      return {
        district: request.params.code,
        autoApproveTrusted: saved.autoApproveTrusted,
        offerTtlHours: Math.round(saved.offerTtlMinutes / 60),
        retentionYears: Math.round(saved.retentionMonths / 12),
        snowOffersFromFive: saved.snowOffersFromFive,
      };
    },
  );
};

export default districtRoutes;
