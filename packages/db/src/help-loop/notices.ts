import type { WsAudience, WsEvent } from '@sasaeai/contracts';

/** A live event to publish once the transaction that caused it has committed. */
export interface LiveNotice {
  audience: WsAudience;
  event: WsEvent;
}

/** The Redis pub/sub channel every API instance listens on for live events. */
export function liveChannel(prefix: string): string {
  return `${prefix}:live`;
}
