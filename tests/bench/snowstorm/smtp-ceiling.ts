import { startMailServer } from '@sasaeai/dev-mail';
import { createTransport } from 'nodemailer';

/** About as long as an offer mail: a Japanese paragraph, a time, two links. */
const BODY = `${'雪かきのお願いです。'.repeat(30)}\nhttps://sasaeai.localhost/a/0123456789abcdef\n`;

export interface SmtpCeiling {
  messages: number;
  /** Pooled nodemailer (`connections` kept open): what the server itself can take. */
  pooledPerSecond: number;
  /** One connection per message, `connections` at once: how the worker's e-mail channel sends. */
  perMessageConnectionPerSecond: number;
  connections: number;
}

/**
 * The SMTP server's own ceiling: `messages` mails straight to a fresh instance of the same
 * server the storm's mail goes to (services/dev-mail), counted once it has accepted them all.
 */
export async function measureSmtpCeiling(messages: number, connections = 5): Promise<SmtpCeiling> {
  const server = await startMailServer({ keep: messages * 2 });
  const options = { host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true };
  const mail = (i: number) => ({
    from: 'bench@sasaeai.localhost',
    to: `ceiling-${i}@bench.sasaeai.localhost`,
    subject: `ceiling ${i}`,
    text: BODY,
  });
  try {
    const pooled = createTransport({
      ...options,
      pool: true,
      maxConnections: connections,
      maxMessages: Infinity,
    });
    let t0 = performance.now();
    await Promise.all(Array.from({ length: messages }, (_, i) => pooled.sendMail(mail(i))));
    const pooledPerSecond = (messages * 1000) / (performance.now() - t0);
    pooled.close();

    const single = createTransport(options);
    let next = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < messages) await single.sendMail(mail(messages + next++));
      }),
    );
    const perMessageConnectionPerSecond = (messages * 1000) / (performance.now() - t0);
    single.close();
    if (server.mails.length !== 2 * messages) {
      throw new Error(`SMTP ceiling: ${server.mails.length} of ${2 * messages} mails accepted`);
    }
    return { messages, pooledPerSecond, perMessageConnectionPerSecond, connections };
  } finally {
    await server.close();
  }
}
