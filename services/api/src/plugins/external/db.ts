import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createDb, type Database } from '@sasaeai/db/client';
import type postgres from 'postgres';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    sql: postgres.Sql;
  }
}

export default fp(
  async function dbPlugin(app: FastifyInstance) {
    const { db, sql, close } = createDb({
      url: app.config.DATABASE_URL,
      max: 10,
      applicationName: 'sasaeai-api',
    });
    app.decorate('db', db);
    app.decorate('sql', sql);
    app.addHook('onClose', close);
  },
  { name: 'db', dependencies: ['config'] },
);
