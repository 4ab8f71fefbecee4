import { loadDevMailEnv } from './env.ts';
import { startMailServer } from './mail-server.ts';
import { startMailboxPage } from './mailbox-page.ts';

/**
 * The development mailbox `npm start` runs beside the worker: an SMTP server on
 * DEV_MAIL_SMTP_PORT (1025) and a page of what it received on DEV_MAIL_HTTP_PORT (1080).
 * Loopback only; mails live in memory and are gone when it stops.
 */
let ports: ReturnType<typeof loadDevMailEnv>;
try {
  ports = loadDevMailEnv();
} catch (error) {
  process.stderr.write(`[dev-mail] ${(error as Error).message}\n`);
  process.exit(1);
}

const mail = await startMailServer({ port: ports.smtpPort });
const page = await startMailboxPage({ mails: mail.mails, port: ports.httpPort });
// Ports only, no address: the first web address `npm start` prints must be the app's.
process.stdout.write(
  `[dev-mail] SMTP on port ${String(mail.port)}; the mail it receives on port ${String(page.port)}\n`,
);

const stop = () => {
  void Promise.all([mail.close(), page.close()]).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
