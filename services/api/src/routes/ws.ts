import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../errors/app-error.ts';
import { currentUser, districtIdsFor } from '../plugins/app/authorization.ts';

/**
 * `/ws`: a signed-in browser's live channel. The upgrade needs the session cookie and an Origin
 * matching this host (browsers always send Origin on WebSocket upgrades).
 */
const wsRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/ws',
    {
      websocket: true,
      schema: { hide: true },
      preHandler: async (request) => {
        const origin = request.headers.origin;
        const host = request.headers.host;
        let sameHost = false;
        try {
          sameHost = !!origin && !!host && new URL(origin).host === new URL(`http://${host}`).host;
        } catch {
          sameHost = false;
        }
        if (!sameHost) throw new AppError('cross_origin');
        currentUser(request);
      },
    },
    (socket, request) => {
      const user = currentUser(request);
      app.live.add(socket, {
        userId: user.id,
        sessionId: request.auth.session!.id,
        districtIds: districtIdsFor(user, 'coordinator'),
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          userId: user.id,
          districts: user.roles
            .filter((grant) => grant.role === 'coordinator' && grant.districtCode)
            .map((grant) => grant.districtCode as string),
        }),
      );
      // Clients only listen; anything they send is ignored.
      socket.on('message', () => {});
    },
  );
};

export default wsRoutes;
