import { queueNames, type ErrorBody, type ErrorCode } from '@sasaeai/contracts';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { ControllerHandlerReturnType } from '@bull-board/api/typings/app';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, messageFor, statusFor } from '../../errors/app-error.ts';
import { hasRole } from '../../plugins/app/authorization.ts';

export const QUEUES_BOARD_PATH = '/api/admin/queues';

function refuse(request: FastifyRequest, reply: FastifyReply, code: ErrorCode) {
  const body: ErrorBody = { error: { code, message: messageFor(code), requestId: request.id } };
  return reply.code(statusFor(code)).type('application/json').send(body);
}

/** The board's routes answer errors with the API's shape: an AppError keeps its code. */
function boardError(error: Error): ControllerHandlerReturnType {
  const code: ErrorCode = error instanceof AppError ? error.code : 'internal';
  const body: ErrorBody = { error: { code, message: messageFor(code) } };
  return { status: statusFor(code) as ControllerHandlerReturnType['status'], body };
}

/**
 * Bull Board over the worker's queues, for admins only. The board sets its own error handler on
 * its routes: the role check answers from the hook itself, and `boardError` gives errors thrown
 * before it (the same-origin check) the API's shape.
 * Its unsafe methods (retry, clean) are under /api, so the same-origin check covers them.
 */
const queuesBoard: FastifyPluginAsync = async (app) => {
  const connection = app.redis.duplicate();
  const warn = (error: Error) => app.log.warn({ err: error.message }, 'queues board: redis error');
  connection.on('error', warn);
  const queues = queueNames.map((name) => {
    const queue = new Queue(name, { connection, prefix: app.config.REDIS_PREFIX });
    queue.on('error', warn);
    return queue;
  });
  app.addHook('onClose', async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await connection.quit().catch(() => connection.disconnect());
  });

  app.addHook('preHandler', async (request, reply) => {
    const user = request.auth.user;
    if (!user) return refuse(request, reply, 'unauthenticated');
    if (!hasRole(user, 'admin')) return refuse(request, reply, 'forbidden');
  });

  const serverAdapter = new FastifyAdapter();
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Sasaeai queues' } },
  });
  serverAdapter.setErrorHandler(boardError);
  serverAdapter.setBasePath(QUEUES_BOARD_PATH);
  await app.register(serverAdapter.registerPlugin(), { prefix: QUEUES_BOARD_PATH });
};

export default queuesBoard;
