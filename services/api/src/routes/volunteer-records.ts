import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import {
  ErrorBody,
  VolunteerCertificateQuery,
  VolunteerCertificateResponse,
  VolunteerHistoryQuery,
  VolunteerHistoryResponse,
  VolunteerParams,
  type VolunteerCertificate,
} from '@sasaeai/contracts';
import { currentUser } from '../plugins/app/authorization.ts';
import { issueVolunteerCertificate } from '../use-cases/volunteer-records/certificate.ts';
import { renderCertificatePdf } from '../use-cases/volunteer-records/certificate-pdf.ts';
import { viewVolunteerHistory } from '../use-cases/volunteer-records/history.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['volunteers'];

async function sendPdf(reply: FastifyReply, certificate: VolunteerCertificate) {
  const pdf = await renderCertificatePdf(certificate);
  return reply
    .type('application/pdf')
    .header('cache-control', 'no-store')
    .header(
      'content-disposition',
      `attachment; filename="certificate-${certificate.fiscalYear.fiscalYear}.pdf"`,
    )
    .send(pdf);
}

/**
 * A volunteer's activity records (issue 12): their completed tasks and the activity certificate
 * (活動証明書), for themselves or for a coordinator of their district.
 */
const volunteerRecordRoutes: FastifyPluginAsyncZod = async (app) => {
  const own = { preHandler: app.requireRole('volunteer') };
  const coordinated = { preHandler: app.requireRole('coordinator', 'admin') };

  app.get(
    '/me/volunteer/history',
    {
      ...own,
      schema: {
        tags,
        summary: 'One’s completed tasks in a fiscal year (a page) and the totals of each year',
        querystring: VolunteerHistoryQuery,
        response: { 200: VolunteerHistoryResponse, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return { history: await viewVolunteerHistory(app.db, user, user.id, request.query) };
    },
  );

  app.get(
    '/me/volunteer/certificate',
    {
      ...own,
      schema: {
        tags,
        summary: 'Issue one’s activity certificate for a fiscal year (audited)',
        querystring: VolunteerCertificateQuery,
        response: { 200: VolunteerCertificateResponse, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const input = { fy: request.query.fy, format: 'page' as const };
      return { certificate: await issueVolunteerCertificate(app.db, user, user.id, input) };
    },
  );

  app.get(
    '/me/volunteer/certificate.pdf',
    {
      ...own,
      schema: {
        tags,
        summary: 'One’s activity certificate as a PDF (audited)',
        querystring: VolunteerCertificateQuery,
        response: errors,
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const input = { fy: request.query.fy, format: 'pdf' as const };
      return sendPdf(reply, await issueVolunteerCertificate(app.db, user, user.id, input));
    },
  );

  app.get(
    '/volunteers/:id/history',
    {
      ...coordinated,
      schema: {
        tags,
        summary: 'A volunteer’s completed tasks, for a coordinator of their district',
        params: VolunteerParams,
        querystring: VolunteerHistoryQuery,
        response: { 200: VolunteerHistoryResponse, ...errors },
      },
    },
    async (request) => ({
      history: await viewVolunteerHistory(
        app.db,
        currentUser(request),
        request.params.id,
        request.query,
      ),
    }),
  );

  app.get(
    '/volunteers/:id/certificate',
    {
      ...coordinated,
      schema: {
        tags,
        summary: 'Issue a volunteer’s activity certificate from the coordinator’s centre (audited)',
        params: VolunteerParams,
        querystring: VolunteerCertificateQuery,
        response: { 200: VolunteerCertificateResponse, ...errors },
      },
    },
    async (request) => {
      const input = { fy: request.query.fy, format: 'page' as const };
      return {
        certificate: await issueVolunteerCertificate(
          app.db,
          currentUser(request),
          request.params.id,
          input,
        ),
      };
    },
  );

  app.get(
    '/volunteers/:id/certificate.pdf',
    {
      ...coordinated,
      schema: {
        tags,
        summary: 'A volunteer’s activity certificate as a PDF (audited)',
        params: VolunteerParams,
        querystring: VolunteerCertificateQuery,
        response: errors,
      },
    },
    async (request, reply) => {
      const input = { fy: request.query.fy, format: 'pdf' as const };
      const certificate = await issueVolunteerCertificate(
        app.db,
        currentUser(request),
        request.params.id,
        input,
      );
      return sendPdf(reply, certificate);
    },
  );
};

export default volunteerRecordRoutes;
