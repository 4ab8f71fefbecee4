import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import { AdmissionGate, AdmissionRefused } from '../../admission/gate.ts';
import { classify, isExempt } from '../../admission/classify.ts';
import { AppError } from '../../errors/app-error.ts';

/** Seconds a refused client is told to wait: about the time a snowy-night backlog drains. */
const RETRY_AFTER_SECONDS = 10;

/**
 * Admission control for the API's routes (ARCHITECTURE.md, "Overload: admission control"):
 * registered before authentication, so a refused request costs no session lookup either.
 */
export default fp(
  async function admission(app: FastifyInstance) {
    const gate = new AdmissionGate({
      maxInFlight: app.config.ADMISSION_MAX_IN_FLIGHT,
      intakeReserved: Math.min(
        app.config.ADMISSION_INTAKE_RESERVED,
        app.config.ADMISSION_MAX_IN_FLIGHT - 1,
      ),
      maxWaitMs: app.config.ADMISSION_MAX_WAIT_MS,
      maxQueue: app.config.ADMISSION_MAX_QUEUE,
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
      help: 'API requests refused with 503 busy, by class',
      labelNames: ['class'] as const,
      registers: [app.metrics],
    });

    app.addHook('onRequest', async (request, reply) => {
      const path = request.url.split('?', 1)[0] ?? request.url;
      if (isExempt(request.method, path)) return;
      const kind = classify(request.method, path);
      try {
        const release = await gate.acquire(kind);
        // 'close' follows both a finished answer and a client that went away mid-request.
        reply.raw.once('close', release);
      } catch (cause) {
        if (!(cause instanceof AdmissionRefused)) throw cause;
        refused.inc({ class: kind });
        throw new AppError('busy', undefined, undefined, RETRY_AFTER_SECONDS);
      }
    });
  },
  { name: 'admission', dependencies: ['config', 'metrics', 'error-handler'] },
);
