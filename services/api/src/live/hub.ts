import type { WebSocket } from 'ws';
import type { Redis } from 'ioredis';
import { WsEnvelope, type WsAudience, type WsEvent } from '@sasaeai/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { LiveControl, type EndedSessions } from './sessions-ended.ts';

/** Close code telling the browser its session is over (log-out, password change, expiry). */
export const SESSION_ENDED_CLOSE_CODE = 4001;
/** Close code asking the browser to reconnect: its roles, hence its districts, changed. */
export const ROLES_CHANGED_CLOSE_CODE = 4002;

interface Subscriber {
  socket: WebSocket;
  userId: string;
  sessionId: string;
  districtIds: Set<string>;
}

export interface LiveConnection {
  userId: string;
  sessionId: string;
  districtIds: string[];
}

/** Reads the sessions still alive among these ids, with their expiry. */
export type SessionLookup = (sessionIds: string[]) => Promise<Map<string, Date>>;

export interface LiveHubOptions {
  prefix: string;
  log: FastifyBaseLogger;
  lookupSessions: SessionLookup;
  /** How often sockets' sessions are re-read from the database. */
  sessionCheckMs: number;
}

/**
 * Delivers live events to the sockets connected to this API instance. Every event goes through
 * Redis pub/sub first, so an event raised on one instance reaches sockets on all of them. Ended
 * sessions are announced the same way and their sockets closed; a periodic check of the
 * database closes the sockets of sessions that expired or whose announcement was lost.
 */
export class LiveHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly channel: string;
  private readonly log: FastifyBaseLogger;
  private checkTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly options: LiveHubOptions,
  ) {
    this.channel = `${options.prefix}:live`;
    this.log = options.log;
  }

  /**
   * Subscribes without waiting: the API must start (and report not-ready) while Redis is down,
   * and the subscriber's queued command goes through once Redis answers.
   */
  start(): void {
    this.subscriber.on('message', (channel, message) => {
      if (channel === this.channel) this.receive(message);
    });
    this.subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.log.warn({ err: String(error) }, 'live channel subscription failed');
    });
    this.checkTimer = setInterval(() => {
      this.checkSessions().catch((error: unknown) => {
        this.log.warn({ err: String(error) }, 'live session check failed');
      });
    }, this.options.sessionCheckMs);
    this.checkTimer.unref();
  }

  add(socket: WebSocket, connection: LiveConnection): void {
    const entry: Subscriber = {
      socket,
      ...connection,
      districtIds: new Set(connection.districtIds),
    };
    this.subscribers.add(entry);
    socket.on('close', () => this.subscribers.delete(entry));
  }

  get connections(): number {
    return this.subscribers.size;
  }

  async publish(audience: WsAudience, event: WsEvent): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify({ audience, event }));
  }

  /**
   * Closes, on every instance, the sockets of sessions that just ended. Never throws: if Redis
   * is away, the periodic check closes them from the database instead.
   */
  async endSessions(ended: EndedSessions): Promise<void> {
    await this.announce({ sessionsEnded: ended });
  }

  /** Closes a user's sockets on every instance so their browsers reconnect with new roles. */
  async rolesChanged(userId: string): Promise<void> {
    await this.announce({ rolesChanged: { userId } });
  }

  private async announce(control: LiveControl): Promise<void> {
    try {
      await this.publisher.publish(this.channel, JSON.stringify(control));
    } catch (error) {
      this.log.warn({ err: String(error) }, 'live control message not published');
    }
  }

  /** Re-reads the sessions of every socket; closes those gone or expired, in one query. */
  async checkSessions(now = new Date()): Promise<void> {
    if (this.subscribers.size === 0) return;
    const ids = [...new Set([...this.subscribers].map((entry) => entry.sessionId))];
    const alive = await this.options.lookupSessions(ids);
    for (const entry of this.subscribers) {
      const expiresAt = alive.get(entry.sessionId);
      if (!expiresAt || expiresAt.getTime() <= now.getTime()) {
        this.closeSocket(entry, SESSION_ENDED_CLOSE_CODE, 'session ended');
      }
    }
  }

  private receive(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      parsed = undefined;
    }
    const control = LiveControl.safeParse(parsed);
    if (control.success) return this.control(control.data);
    const envelope = WsEnvelope.safeParse(parsed);
    if (envelope.success) return this.deliver(envelope.data);
    this.log.warn('ignored a malformed live event');
  }

  private control(control: LiveControl): void {
    for (const entry of this.subscribers) {
      if ('rolesChanged' in control) {
        if (entry.userId === control.rolesChanged.userId) {
          this.closeSocket(entry, ROLES_CHANGED_CLOSE_CODE, 'roles changed');
        }
        continue;
      }
      const ended = control.sessionsEnded;
      const matches =
        'sessionId' in ended
          ? entry.sessionId === ended.sessionId
          : entry.userId === ended.userId && entry.sessionId !== ended.exceptSessionId;
      if (matches) this.closeSocket(entry, SESSION_ENDED_CLOSE_CODE, 'session ended');
    }
  }

  private closeSocket(entry: Subscriber, code: number, reason: string): void {
    this.subscribers.delete(entry);
    entry.socket.close(code, reason);
  }

  private deliver({ audience, event }: WsEnvelope): void {
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
    clearInterval(this.checkTimer);
    for (const entry of this.subscribers) entry.socket.close(1001, 'server shutting down');
    this.subscribers.clear();
  }
}
