import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * Closing drains the requests in flight, but a client's keep-alive connection would then hold
 * the server open until its timeout: once closing has begun, every answer also closes its
 * connection, so the process exits as soon as the last one is sent.
 */
export default fp(
  async function gracefulClose(app: FastifyInstance) {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onSend', async (_request, reply) => {
      if (closing) reply.header('connection', 'close');
    });
  },
  { name: 'graceful-close' },
);
