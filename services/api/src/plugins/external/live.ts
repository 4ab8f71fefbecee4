import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { LiveHub } from '../../live/hub.ts';
import { liveSessions } from '../../auth/sessions.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveHub;
  }
}

/** WebSocket support plus the hub that fans events out across API instances via Redis. */
export default fp(
  async function livePlugin(app: FastifyInstance) {
    await app.register(websocket, { options: { maxPayload: 4096 } });
    const subscriber = app.redis.duplicate({ maxRetriesPerRequest: null });
    subscriber.on('error', (error) =>
      app.log.warn({ err: error.message }, 'redis subscriber error'),
    );
    const hub = new LiveHub(app.redis, subscriber, {
      prefix: app.config.REDIS_PREFIX,
      log: app.log,
      lookupSessions: (ids) => liveSessions(app.db, ids),
      sessionCheckMs: app.config.LIVE_SESSION_CHECK_MS,
    });
    hub.start();
    app.decorate('live', hub);
    app.addHook('preClose', async () => hub.close());
    // A subscriber holds no writes to flush, and quit() would wait forever while Redis is down.
    app.addHook('onClose', async () => subscriber.disconnect());
  },
  { name: 'live', dependencies: ['redis', 'config', 'db'] },
);
