import { startSmtpRecorder } from './smtp-recorder.ts';
import { createTransport } from 'nodemailer';

/** About as long as an offer mail: a Japanese paragraph, a time, two links. */
const BODY = `${'雪かきのお願いです。'.repeat(30)}\nhttps://sasaeai.localhost/a/0123456789abcdef\n`;

export interface SmtpCeiling {
  messages: number;
  /** Fewer: one connection per message is an order of magnitude slower. */
  perMessageConnectionMessages: number;
  /** Pooled nodemailer (`connections` kept open): what the server itself can take. */
  pooledPerSecond: number;
  /** One connection per message, `connections` at once: how the worker's e-mail channel sends. */
  perMessageConnectionPerSecond: number;
  connections: number;
}

/**
 * The SMTP server's own ceiling: `messages` mails straight to a fresh instance of the same
 * server, in its own process, that the storm's mail goes to (services/dev-mail), counted once
 * it has accepted them all.
 */
export async function measureSmtpCeiling(messages: number, connections = 5): Promise<SmtpCeiling> {
  const server = await startSmtpRecorder();
  const options = { url: server.url, secure: false, ignoreTLS: true };
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
    const few = Math.max(50, Math.round(messages / 5));
    let next = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < few) await single.sendMail(mail(messages + next++));
      }),
    );
    const perMessageConnectionPerSecond = (few * 1000) / (performance.now() - t0);
    single.close();
    const accepted = (await server.receipts()).length;
    if (accepted !== messages + few) {
      throw new Error(`SMTP ceiling: ${accepted} of ${messages + few} mails accepted`);
    }
    return {
      messages,
      pooledPerSecond,
      perMessageConnectionMessages: few,
      perMessageConnectionPerSecond,
      connections,
    };
  } finally {
    await server.close();
  }
}
