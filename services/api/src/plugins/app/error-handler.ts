import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode, FieldError } from '@sasaeai/contracts';
import { AppError, messageFor, statusFor } from '../../errors/app-error.ts';
import { fieldMessage, type IssueLike } from '../../errors/field-messages.ts';
import { isDatabaseUnavailable } from '../../errors/database-unavailable.ts';
import { TransitionError } from '@sasaeai/db/help-loop';
import { appErrorForTransition } from '../../errors/transition-errors.ts';
import { isRedisUnavailable } from '../../errors/redis-unavailable.ts';

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  error?: AppError,
  fields?: FieldError[],
) {
  const body: ErrorBody = {
    error: {
      code,
      message: error?.text ?? messageFor(code),
      ...(fields && fields.length > 0 ? { fields } : {}),
      requestId: request.id,
    },
  };
  return reply
    .code(error?.status ?? statusFor(code))
    .type('application/json')
    .send(body);
}

function validationFields(error: FastifyError): FieldError[] {
  const context = (error as { validationContext?: string }).validationContext ?? 'body';
  const prefix = context === 'querystring' ? 'query' : context;
  return (error.validation ?? []).map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return {
      field: path ? `${prefix}.${path}` : prefix,
      message: fieldMessage(issue as unknown as IssueLike),
    };
  });
}

/** Fastify's own client errors (bad JSON, wrong content type, body too big) keep their 4xx. */
function codeForFastifyClientError(error: FastifyError): ErrorCode {
  if (error.statusCode === 413) return 'payload_too_large';
  if (error.statusCode === 415) return 'unsupported_media_type';
  if (error.statusCode === 429) return 'rate_limited';
  if (error.statusCode === 404) return 'not_found';
  return 'validation_failed';
}

/**
 * The one error handler: 4xx answers carry a code, a bilingual message and field errors;
 * 5xx answers hide internals and are logged with the request context.
 */
export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(error)) {
        return send(reply, request, 'validation_failed', undefined, validationFields(error));
      }
      if (error instanceof AppError) {
        // A refusal by admission control is the overload design working, not a failure to log.
        if (error.status >= 500 && error.code !== 'busy')
          request.log.error({ err: error }, 'request failed');
        if (error.retryAfterSeconds !== undefined) {
          reply.header('retry-after', String(error.retryAfterSeconds));
        }
        return send(reply, request, error.code, error, error.fields);
      }
      if (error instanceof TransitionError) {
        // A move the state machine refuses is the caller's conflict, never a 500, even where a
        // route did not translate it itself.
        request.log.info({ reason: error.reason, move: error.move }, 'transition refused');
        const answer = appErrorForTransition(error);
        return send(reply, request, answer.code, answer);
      }
      if (isRedisUnavailable(error)) {
        // Rate limits live in Redis: without it, log-in and sign-up fail closed (ARCHITECTURE.md).
        request.log.warn(
          { err: error.message, url: request.routeOptions.url },
          'redis unavailable',
        );
        reply.header('retry-after', '60');
        return send(reply, request, 'unavailable');
      }
      if (isDatabaseUnavailable(error)) {
        // PostgreSQL restarting or unreachable: nothing was half-written (transactions roll back).
        request.log.warn({ url: request.routeOptions.url }, 'database unavailable');
        reply.header('retry-after', '60');
        return send(reply, request, 'unavailable');
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        request.log.info({ code: error.code, status }, 'client error');
        return send(reply, request, codeForFastifyClientError(error));
      }
      request.log.error(
        { err: error, method: request.method, url: request.routeOptions.url },
        'unhandled error',
      );
      return send(reply, request, 'internal');
    });

    app.setNotFoundHandler(
      { preHandler: app.rateLimit({ max: 60, timeWindow: 60_000 }) },
      (request, reply) => send(reply, request, 'not_found'),
    );
  },
  { name: 'error-handler', dependencies: ['rate-limit'] },
);
