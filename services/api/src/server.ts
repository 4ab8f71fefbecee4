import { countDemoAccounts } from '@sasaeai/db/seed';
import { createDb } from '@sasaeai/db/client';
import { describeConnectionError } from '@sasaeai/db';
import { buildApp } from './app.ts';
import { EnvError, loadApiEnv } from './env.ts';

/** Only listens and shuts down; everything else is in app.ts. */
async function main(): Promise<void> {
  const config = loadApiEnv();

  if (config.NODE_ENV === 'production' && !config.DEMO_MODE) {
    const { db, close } = createDb({ url: config.DATABASE_URL, max: 1 });
    try {
      const demoAccounts = await countDemoAccounts(db);
      if (demoAccounts > 0) {
        console.error(
          `Refusing to start in production: ${demoAccounts} demo accounts exist. Remove them first.`,
        );
        process.exit(1);
      }
    } finally {
      await close();
    }
  }

  let listeningPort = config.PORT;
  const app = await buildApp({
    config,
    apiInternalUrl: () => `http://127.0.0.1:${String(listeningPort)}`,
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  const address = app.server.address();
  if (address && typeof address === 'object') listeningPort = address.port;
  const shownHost =
    config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' ? 'localhost' : config.HOST;
  app.log.info({ url: `http://${shownHost}:${String(listeningPort)}` }, 'sasaeai api listening');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sasaeai';
    const code = (error as { code?: string }).code;
    console.error(
      code === 'ECONNREFUSED'
        ? describeConnectionError(error, url)
        : `API failed to start: ${String(error)}`,
    );
  }
  process.exit(1);
});
