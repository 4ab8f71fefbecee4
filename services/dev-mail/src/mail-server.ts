import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as the server received it, parsed. */
export interface ReceivedMail {
  receivedAt: Date;
  /** The envelope (what the SMTP client said), which is where the message really went. */
  envelopeFrom: string;
  envelopeTo: string[];
  messageId: string | undefined;
  subject: string;
  text: string;
  /** Every header line as received, for checks on what a mail carries. */
  rawHeaders: string;
}

/** What to answer to a RCPT TO: nothing to accept, or an SMTP code (4xx try later, 5xx never). */
export type RecipientAnswer = undefined | { code: number; message: string };

export interface MailServerOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Received mails kept, newest last (default 200). */
  keep?: number;
  /** Decides each recipient; tests use it to play a server that answers 4xx or 5xx. */
  answerRecipient?: (address: string) => RecipientAnswer;
}

export interface MailServer {
  port: number;
  url: string;
  /** Received mails, oldest first. */
  readonly mails: readonly ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A local SMTP server that accepts every mail (unless told otherwise) and keeps it in memory:
 * the development mailbox behind `npm start`, and the real server the worker's tests send to.
 * No authentication and no TLS — it listens on loopback only.
 */
export async function startMailServer(options: MailServerOptions = {}): Promise<MailServer> {
  const keep = options.keep ?? 200;
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'sasaeai development mailbox',
    logger: false,
    size: 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const answer = options.answerRecipient?.(address.address);
      if (!answer) return callback();
      const refusal = new Error(answer.message) as Error & { responseCode: number };
      refusal.responseCode = answer.code;
      return callback(refusal);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            receivedAt: new Date(),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            messageId: parsed.messageId,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            rawHeaders: parsed.headerLines.map((header) => header.line).join('\n'),
          });
          if (mails.length > keep) mails.splice(0, mails.length - keep);
          callback();
        })
        .catch((error: unknown) =>
          callback(error instanceof Error ? error : new Error(String(error))),
        );
    },
  });
  server.on('error', () => {
    // A client hanging up mid-session is not the server's problem.
  });
  const host = options.host ?? '127.0.0.1';
  server.listen(options.port ?? 0, host);
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://${host}:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
