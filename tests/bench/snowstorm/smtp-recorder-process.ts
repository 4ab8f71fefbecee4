import { startMailServer } from '@sasaeai/dev-mail';

/** Child of smtp-recorder.ts: keeps every mail, answers "receipts" with ids and accept times. */
const server = await startMailServer({ keep: Number.MAX_SAFE_INTEGER });
process.on('message', () => {
  process.send!(
    server.mails.map((mail) => ({ messageId: mail.messageId, at: mail.receivedAt.getTime() })),
  );
});
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), 2000).unref();
  void server.close().then(() => process.exit(0));
});
process.stdout.write(`PORT ${server.port}\n`);
