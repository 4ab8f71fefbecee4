import { buildApp } from './app.ts';
import { EnvError, loadApiEnv } from './env.ts';
import { preflight, PreflightError } from './preflight.ts';

/** Only checks, listens and shuts down; everything else is in app.ts. */
async function main(): Promise<void> {
  const config = loadApiEnv();
  await preflight(config);

  let listeningPort = config.PORT;
  const app = await buildApp({
    config,
    apiInternalUrl: () => `http://127.0.0.1:${String(listeningPort)}`,
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  const address = app.server.address();
  if (address && typeof address === 'object') listeningPort = address.port;
  const shownHost = ['0.0.0.0', '127.0.0.1', '::'].includes(config.HOST)
    ? 'localhost'
    : config.HOST;
  app.log.info({ url: `http://${shownHost}:${String(listeningPort)}` }, 'sasaeai api listening');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown timed out');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof PreflightError) {
    console.error(error.message);
  } else {
    console.error(`API failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
