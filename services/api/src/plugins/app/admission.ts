import fp from 'fastify-plugin';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import { AdmissionGate, AdmissionRefused } from '../../admission/gate.ts';
import { classify, isExempt } from '../../admission/classify.ts';
import { watchEventLoopDelay } from '../../admission/loop-delay.ts';
import { AppError } from '../../errors/app-error.ts';

/** Seconds a refused client is told to wait: about the time a snowy-night backlog drains. */
const RETRY_AFTER_SECONDS = 10;

/**
 * Admission control for the API's routes (ARCHITECTURE.md, "Overload: admission control"):
 * its hook is the app's first onRequest hook (app.ts registers it before every other plugin
 * with hooks), so a refused request costs no header, cookie or session work either.
 */
export default fp(
  async function admission(app: FastifyInstance) {
    const maxLoopDelayMs = app.config.ADMISSION_MAX_EVENT_LOOP_DELAY_MS;
    const busy = () => new AppError('busy', undefined, undefined, RETRY_AFTER_SECONDS);
    const gate = new AdmissionGate({
      maxInFlight: app.config.ADMISSION_MAX_IN_FLIGHT,
      intakeReserved: Math.min(
        app.config.ADMISSION_INTAKE_RESERVED,
        app.config.ADMISSION_MAX_IN_FLIGHT - 1,
      ),
      maxWaitMs: app.config.ADMISSION_MAX_WAIT_MS,
      maxQueue: app.config.ADMISSION_MAX_QUEUE,
    });

    const loop = watchEventLoopDelay();
    app.addHook('onClose', async () => loop.stop());

    // A new connection's first request arrived when the connection was accepted: time spent
    // reading and parsing it under load counts against its budget too. Later requests on a
    // kept-alive connection count from when Fastify saw them.
    const acceptedAt = new WeakMap<Socket, number>();
    app.server.on('connection', (socket: Socket) => acceptedAt.set(socket, performance.now()));
    const arrivalOf = (request: FastifyRequest, reply: FastifyReply): number => {
      const seen = performance.now() - reply.elapsedTime;
      const socket = request.raw.socket as Socket | undefined;
      const accepted = socket ? acceptedAt.get(socket) : undefined;
      if (accepted === undefined) return seen;
      acceptedAt.delete(socket!);
      return Math.min(accepted, seen);
    };

    new Gauge({
      name: 'admission_event_loop_delay_seconds',
      help: 'Mean event-loop delay over the last half second, as admission control sees it',
      registers: [app.metrics],
      collect() {
        this.set(loop.delayMs() / 1000);
      },
    });
    new Gauge({
      name: 'admission_in_flight',
      help: 'API requests being worked on (admitted by admission control)',
      registers: [app.metrics],
      collect() {
        this.set(gate.active);
      },
    });
    new Gauge({
      name: 'admission_waiting',
      help: 'API requests waiting for admission',
      registers: [app.metrics],
      collect() {
        this.set(gate.queued);
      },
    });
    const refused = new Counter({
      name: 'admission_refused_total',
      help: 'API requests refused with 503 busy, by class and reason',
      labelNames: ['class', 'reason'] as const,
      registers: [app.metrics],
    });

    app.addHook('onRequest', async (request, reply) => {
      const path = request.url.split('?', 1)[0] ?? request.url;
      // Every request, gated or not, ends its connection's "first request" (arrivalOf).
      const arrivedAt = arrivalOf(request, reply);
      if (isExempt(request.method, path)) return;
      const kind = classify(request.method, path);
      // A process short of CPU sheds the work that can wait first; intake keeps its budget.
      if (kind === 'other' && maxLoopDelayMs > 0 && loop.delayMs() > maxLoopDelayMs) {
        refused.inc({ class: kind, reason: 'event_loop_delay' });
        throw busy();
      }
      try {
        const release = await gate.acquire(kind, arrivedAt);
        // 'close' follows both a finished answer and a client that went away mid-request.
        reply.raw.once('close', release);
      } catch (cause) {
        if (!(cause instanceof AdmissionRefused)) throw cause;
        refused.inc({ class: kind, reason: cause.reason });
        throw busy();
      }
    });
  },
  { name: 'admission', dependencies: ['config', 'metrics', 'error-handler'] },
);
