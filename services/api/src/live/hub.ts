import type { WebSocket } from 'ws';
import type { Redis } from 'ioredis';
import { WsEnvelope, type WsAudience, type WsEvent } from '@sasaeai/contracts';
import type { FastifyBaseLogger } from 'fastify';

interface Subscriber {
  socket: WebSocket;
  userId: string;
  districtIds: Set<string>;
}

/**
 * Delivers live events to the sockets connected to this API instance. Every event goes through
 * Redis pub/sub first, so an event raised on one instance reaches sockets on all of them.
 */
export class LiveHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly channel: string;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly log: FastifyBaseLogger,
  ) {
    this.channel = `${prefix}:live`;
  }

  /**
   * Subscribes without waiting: the API must start (and report not-ready) while Redis is down,
   * and the subscriber's queued command goes through once Redis answers.
   */
  start(): void {
    this.subscriber.on('message', (channel, message) => {
      if (channel === this.channel) this.deliver(message);
    });
    this.subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.log.warn({ err: String(error) }, 'live channel subscription failed');
    });
  }

  add(socket: WebSocket, userId: string, districtIds: string[]): void {
    const entry: Subscriber = { socket, userId, districtIds: new Set(districtIds) };
    this.subscribers.add(entry);
    socket.on('close', () => this.subscribers.delete(entry));
  }

  get connections(): number {
    return this.subscribers.size;
  }

  async publish(audience: WsAudience, event: WsEvent): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify({ audience, event }));
  }

  private deliver(message: string): void {
    let parsed: WsEnvelope;
    try {
      parsed = WsEnvelope.parse(JSON.parse(message));
    } catch {
      this.log.warn('ignored a malformed live event');
      return;
    }
    const { audience, event } = parsed;
    const payload = JSON.stringify(event);
    for (const entry of this.subscribers) {
      const wanted =
        'userId' in audience
          ? entry.userId === audience.userId
          : entry.districtIds.has(audience.districtId);
      if (wanted && entry.socket.readyState === entry.socket.OPEN) entry.socket.send(payload);
    }
  }

  close(): void {
    for (const entry of this.subscribers) entry.socket.close(1001, 'server shutting down');
    this.subscribers.clear();
  }
}
