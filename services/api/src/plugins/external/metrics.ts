import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

/**
 * Prometheus metrics (prom-client) for this API instance: HTTP latency by route pattern (never
 * the raw URL, which holds ids), status and method — rate and errors are its counts — plus the
 * process's event-loop lag, heap and CPU, and PostgreSQL connections of this service by state.
 * `routes/metrics.ts` serves them.
 * Each app has its own registry, so several apps in one process (the tests) never collide.
 */
export default fp(
  async function metricsPlugin(app: FastifyInstance) {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'api' });
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

    const httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      httpDuration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });

    new Gauge({
      name: 'db_connections',
      help: "PostgreSQL connections of this service's application name, by state",
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await app.sql<{ state: string | null; connections: number }[]>`
          select coalesce(state, 'unknown') as state, count(*)::int as connections
          from pg_stat_activity
          where application_name = 'sasaeai-api' and datname = current_database()
          group by 1`;
        for (const row of rows) this.set({ state: row.state ?? 'unknown' }, row.connections);
      },
    });

    app.decorate('metrics', registry);
  },
  { name: 'metrics', dependencies: ['config', 'db'] },
);
