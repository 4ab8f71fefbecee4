import type { FastifyInstance } from 'fastify';
import type { LiveNotice } from '@sasaeai/db/help-loop';

/** Publishes live events after their transaction committed; a lost event only delays a refresh. */
export async function publishNotices(app: FastifyInstance, notices: LiveNotice[]): Promise<void> {
  await Promise.all(
    notices.map((notice) =>
      app.live.publish(notice.audience, notice.event).catch((error: unknown) => {
        app.log.warn({ err: String(error) }, 'live event not published');
      }),
    ),
  );
}
