import type { LiveNotice } from '@sasaeai/db/help-loop';
import { liveChannel } from '@sasaeai/db/help-loop';
import type { Redis } from 'ioredis';
import { describeError, type Logger } from './logger.ts';

/**
 * Publishes live notices (ids and statuses only) to the Redis channel every API instance listens
 * on; each instance delivers them to the browsers of their audience over /ws. Best effort: a
 * notice lost while Redis is away is made good by clients refetching when they reconnect, so a
 * failed publish is logged and never fails the job whose database change already committed.
 */
export interface LivePublisher {
  publish(notices: readonly LiveNotice[]): Promise<void>;
}

export function createLivePublisher(options: {
  connection: Redis;
  prefix: string;
  logger: Logger;
}): LivePublisher {
  const channel = liveChannel(options.prefix);
  return {
    async publish(notices) {
      if (notices.length === 0) return;
      try {
        const pipeline = options.connection.pipeline();
        for (const { audience, event } of notices) {
          pipeline.publish(channel, JSON.stringify({ audience, event }));
        }
        const results = (await pipeline.exec()) ?? [];
        const failed = results.find(([error]) => error);
        if (failed?.[0]) throw failed[0];
      } catch (error) {
        options.logger.warn(
          { notices: notices.length, ...describeError(error) },
          'live notices not published',
        );
      }
    },
  };
}

/** For tests and tools without Redis. */
export const noLivePublisher: LivePublisher = { publish: async () => {} };
