/*
 * Over 400 lines on purpose: one local stand-in for two providers (Twilio SMS and the LINE
 * Messaging API) whose fault scripts, rate limits, signed webhooks and recorded messages share
 * one HTTP server and one state; split per provider, each half would copy that machinery.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lineSignature, twilioSignature } from './signatures.ts';

export type Provider = 'sms' | 'line';

/** A message a provider accepted (what a phone would show). */
export interface ReceivedMessage {
  provider: Provider;
  /** Provider's id for it (Twilio `SM…` sid, LINE sent message id). */
  id: string;
  /** The phone number (SMS) or LINE user id it went to. */
  to: string;
  from: string | null;
  text: string;
  /** LINE's X-Line-Retry-Key, when sent. */
  retryKey: string | null;
  receivedAt: Date;
}

/**
 * A scripted answer for the next request to a provider: an HTTP error (with its provider's
 * error body), a rate limit (429 with Retry-After), or a delay before answering normally
 * (longer than the client's timeout: a timeout).
 */
export type Fault =
  | { kind: 'status'; status: number; code?: number }
  | { kind: 'rate_limit'; retryAfterSeconds?: number }
  | { kind: 'delay'; ms: number };

export interface ProviderCredentials {
  twilioAccountSid: string;
  twilioAuthToken: string;
  lineChannelAccessToken: string;
  lineChannelSecret: string;
}

export interface ProviderServerOptions extends Partial<ProviderCredentials> {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Requests a second each provider takes before answering 429 (default: no limit). */
  ratePerSecond?: number;
  /** Messages kept, newest last (default 500). */
  keep?: number;
  /** Where inbound messages are posted (the API's webhooks). */
  smsWebhookUrl?: string;
  lineWebhookUrl?: string;
}

export interface ProviderServer {
  port: number;
  url: string;
  credentials: ProviderCredentials;
  readonly messages: readonly ReceivedMessage[];
  /** Every request a provider saw, with the status it answered (faults included). */
  readonly log: readonly { provider: Provider; status: number }[];
  /** Answers the next requests to `provider` with these faults, in order. */
  failNext(provider: Provider, ...faults: Fault[]): void;
  /** A person texts or LINEs the service: posts a signed webhook; returns the API's answer. */
  sendInbound(
    provider: Provider,
    message: {
      from: string;
      text: string;
      webhookUrl?: string;
      /** The URL Twilio signs, when a proxy stands between (default: the webhook URL). */
      signedUrl?: string;
      id?: string;
    },
  ): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const newId = (prefix: string, bytes = 16) => prefix + randomBytes(bytes).toString('hex');

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1_000_000) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const json = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};

/**
 * Plays Twilio's Messages API and LINE's push API on one local port, as documented:
 *
 * - `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (basic auth SID:token, form
 *   `To`, `From`, `Body`) → 201 `{sid, status: 'queued', …}`; errors are
 *   `{code, message, more_info, status}` (21211 bad To, 21602 no Body, 20003 auth, 20429 rate).
 * - `POST /v2/bot/message/push` (Bearer channel access token, JSON `{to, messages}`) → 200
 *   `{sentMessages: [{id, quoteToken}]}`; `X-Line-Retry-Key` seen before → 409 with
 *   `x-line-accepted-request-id`; errors `{message, details?}`.
 *
 * It keeps what it accepted (`messages`, and `GET /messages.json`), answers scripted faults
 * (`failNext`, or `POST /faults` `{provider, faults}`), rate-limits with 429 + Retry-After, and
 * sends signed inbound webhooks (`sendInbound`, or `POST /inbound` `{provider, from, text}`).
 */
export async function startProviderServer(
  options: ProviderServerOptions = {},
): Promise<ProviderServer> {
  const credentials: ProviderCredentials = {
    twilioAccountSid: options.twilioAccountSid ?? newId('AC'),
    twilioAuthToken: options.twilioAuthToken ?? randomBytes(16).toString('hex'),
    lineChannelAccessToken: options.lineChannelAccessToken ?? randomBytes(24).toString('base64url'),
    lineChannelSecret: options.lineChannelSecret ?? randomBytes(16).toString('hex'),
  };
  const keep = options.keep ?? 500;
  const messages: ReceivedMessage[] = [];
  const log: { provider: Provider; status: number }[] = [];
  const faults: Record<Provider, Fault[]> = { sms: [], line: [] };
  const acceptedRetryKeys = new Map<string, string>();
  /** Reply tokens handed out with inbound LINE events, to whom they answer. */
  const replyTokens = new Map<string, string>();
  const windows: Record<Provider, { second: number; count: number }> = {
    sms: { second: 0, count: 0 },
    line: { second: 0, count: 0 },
  };

  const remember = (message: ReceivedMessage) => {
    messages.push(message);
    if (messages.length > keep) messages.splice(0, messages.length - keep);
  };

  /** A scripted fault or the rate limit, answered; true when the request was answered. */
  async function answeredByFault(provider: Provider, response: ServerResponse): Promise<boolean> {
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      log.push({ provider, status });
      json(response, status, body, headers);
      return true;
    };
    const rateLimited = (retryAfterSeconds: number) =>
      provider === 'sms'
        ? answer(
            429,
            {
              code: 20429,
              message: 'Too Many Requests',
              more_info: 'https://www.twilio.com/docs/errors/20429',
              status: 429,
            },
            { 'retry-after': String(retryAfterSeconds) },
          )
        : answer(
            429,
            { message: 'The API rate limit has been exceeded. Try again later.' },
            { 'retry-after': String(retryAfterSeconds) },
          );
    const fault = faults[provider].shift();
    if (fault?.kind === 'delay') {
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (response.destroyed) {
        log.push({ provider, status: 0 });
        return true;
      }
    } else if (fault?.kind === 'rate_limit') {
      return rateLimited(fault.retryAfterSeconds ?? 1);
    } else if (fault?.kind === 'status') {
      const body =
        provider === 'sms'
          ? {
              code: fault.code ?? (fault.status >= 500 ? 20500 : 21211),
              message: fault.status >= 500 ? 'Internal Server Error' : 'Invalid parameter',
              more_info: 'https://www.twilio.com/docs/errors',
              status: fault.status,
            }
          : { message: fault.status >= 500 ? 'Internal server error' : 'The request was invalid' };
      return answer(fault.status, body);
    }
    if (options.ratePerSecond !== undefined) {
      const second = Math.floor(Date.now() / 1000);
      const window = windows[provider];
      if (window.second !== second) Object.assign(window, { second, count: 0 });
      window.count += 1;
      if (window.count > options.ratePerSecond) return rateLimited(1);
    }
    return false;
  }

  function twilioError(response: ServerResponse, status: number, code: number, message: string) {
    log.push({ provider: 'sms', status });
    json(response, status, {
      code,
      message,
      more_info: `https://www.twilio.com/docs/errors/${String(code)}`,
      status,
    });
  }

  async function handleTwilio(
    request: IncomingMessage,
    response: ServerResponse,
    accountSid: string,
  ) {
    const expected = `Basic ${Buffer.from(`${credentials.twilioAccountSid}:${credentials.twilioAuthToken}`).toString('base64')}`;
    if (
      accountSid !== credentials.twilioAccountSid ||
      !sameSecret(request.headers.authorization ?? '', expected)
    ) {
      return twilioError(response, 401, 20003, 'Authenticate');
    }
    const form = new URLSearchParams(await readBody(request));
    if (await answeredByFault('sms', response)) return;
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? form.get('MessagingServiceSid');
    const body = form.get('Body') ?? '';
    if (!to) return twilioError(response, 400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{7,14}$/.test(to)) {
      return twilioError(
        response,
        400,
        21211,
        `The 'To' number ${to} is not a valid phone number.`,
      );
    }
    if (!from) return twilioError(response, 400, 21603, "A 'From' phone number is required.");
    if (!body) return twilioError(response, 400, 21602, 'Message body is required.');
    if (body.length > 1600) {
      return twilioError(
        response,
        400,
        21617,
        'The concatenated message body exceeds the 1600 character limit.',
      );
    }
    const sid = newId('SM');
    remember({
      provider: 'sms',
      id: sid,
      to,
      from,
      text: body,
      retryKey: null,
      receivedAt: new Date(),
    });
    log.push({ provider: 'sms', status: 201 });
    json(response, 201, {
      sid,
      account_sid: accountSid,
      to,
      from,
      body,
      status: 'queued',
      num_segments: String(Math.ceil(body.length / 70)),
      direction: 'outbound-api',
      date_created: new Date().toUTCString(),
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  }

  async function handleLinePush(request: IncomingMessage, response: ServerResponse) {
    const lineError = (status: number, message: string, details?: unknown[]) => {
      log.push({ provider: 'line', status });
      json(response, status, details ? { message, details } : { message });
    };
    if (
      !sameSecret(
        request.headers.authorization ?? '',
        `Bearer ${credentials.lineChannelAccessToken}`,
      )
    ) {
      return lineError(
        401,
        'Authentication failed. Confirm that the access token in the authorization header is valid.',
      );
    }
    const raw = await readBody(request);
    const retryKey = request.headers['x-line-retry-key'];
    const key = typeof retryKey === 'string' ? retryKey : null;
    if (
      key !== null &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key)
    ) {
      return lineError(400, 'The value for the X-Line-Retry-Key header is invalid');
    }
    if (key !== null && acceptedRetryKeys.has(key)) {
      log.push({ provider: 'line', status: 409 });
      return json(
        response,
        409,
        { message: 'The retry key is already accepted' },
        { 'x-line-accepted-request-id': acceptedRetryKeys.get(key)! },
      );
    }
    if (await answeredByFault('line', response)) return;
    let body: { to?: unknown; messages?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return lineError(400, 'The request body has 1 error(s)', [{ message: 'Invalid JSON' }]);
    }
    const list = Array.isArray(body.messages)
      ? (body.messages as { type?: unknown; text?: unknown }[])
      : [];
    if (typeof body.to !== 'string' || !/^U[0-9a-f]{32}$/.test(body.to)) {
      return lineError(400, 'The request body has 1 error(s)', [
        { message: "The property, 'to', in the request body is invalid", property: 'to' },
      ]);
    }
    if (list.length < 1 || list.length > 5) {
      return lineError(400, 'The request body has 1 error(s)', [
        { message: 'Size must be between 1 and 5', property: 'messages' },
      ]);
    }
    const sent: { id: string; quoteToken: string }[] = [];
    for (const message of list) {
      if (
        message.type !== 'text' ||
        typeof message.text !== 'string' ||
        message.text.length === 0 ||
        message.text.length > 5000
      ) {
        return lineError(400, 'The request body has 1 error(s)', [
          {
            message: 'Must be a non-empty text up to 5000 characters',
            property: 'messages[0].text',
          },
        ]);
      }
      sent.push({
        id: String(Date.now()) + String(Math.floor(Math.random() * 1e6)),
        quoteToken: newId('q', 12),
      });
    }
    const requestId = randomUUID();
    if (key !== null) acceptedRetryKeys.set(key, requestId);
    list.forEach((message, index) =>
      remember({
        provider: 'line',
        id: sent[index]!.id,
        to: body.to as string,
        from: null,
        text: message.text as string,
        retryKey: key,
        receivedAt: new Date(),
      }),
    );
    log.push({ provider: 'line', status: 200 });
    json(response, 200, { sentMessages: sent }, { 'x-line-request-id': requestId });
  }

  /** `POST /v2/bot/message/reply`: answers an inbound event once, by its reply token. */
  async function handleLineReply(request: IncomingMessage, response: ServerResponse) {
    if (
      !sameSecret(
        request.headers.authorization ?? '',
        `Bearer ${credentials.lineChannelAccessToken}`,
      )
    ) {
      log.push({ provider: 'line', status: 401 });
      return json(response, 401, { message: 'Authentication failed.' });
    }
    const body = JSON.parse(await readBody(request)) as {
      replyToken?: string;
      messages?: { type?: string; text?: string }[];
    };
    const to = body.replyToken ? replyTokens.get(body.replyToken) : undefined;
    if (!to) {
      log.push({ provider: 'line', status: 400 });
      return json(response, 400, { message: 'Invalid reply token' });
    }
    replyTokens.delete(body.replyToken!);
    const sent = (body.messages ?? []).map((m) => {
      const id = String(Date.now()) + String(Math.floor(Math.random() * 1e6));
      remember({
        provider: 'line',
        id,
        to,
        from: null,
        text: m.text ?? '',
        retryKey: null,
        receivedAt: new Date(),
      });
      return { id, quoteToken: newId('q', 12) };
    });
    log.push({ provider: 'line', status: 200 });
    json(response, 200, { sentMessages: sent });
  }

  async function sendInbound(
    provider: Provider,
    message: {
      from: string;
      text: string;
      webhookUrl?: string;
      /** The URL Twilio signs, when a proxy stands between (default: the webhook URL). */
      signedUrl?: string;
      id?: string;
    },
  ): Promise<{ status: number; body: string }> {
    const url =
      message.webhookUrl ?? (provider === 'sms' ? options.smsWebhookUrl : options.lineWebhookUrl);
    if (!url) throw new Error(`no webhook URL for ${provider}`);
    let response: Response;
    if (provider === 'sms') {
      const params: Record<string, string> = {
        MessageSid: message.id ?? newId('SM'),
        SmsSid: '',
        AccountSid: credentials.twilioAccountSid,
        From: message.from,
        To: '+815000000000',
        Body: message.text,
        NumMedia: '0',
      };
      params.SmsSid = params.MessageSid!;
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(
            credentials.twilioAuthToken,
            message.signedUrl ?? url,
            params,
          ),
        },
        body: new URLSearchParams(params).toString(),
      });
      const answer = await response.text();
      // The webhook's answer (TwiML `<Message>`) goes back to the sender as an SMS.
      for (const [, text] of answer.matchAll(/<Message>([\s\S]*?)<\/Message>/g)) {
        remember({
          provider: 'sms',
          id: newId('SM'),
          to: message.from,
          from: null,
          text: unescapeXml(text ?? ''),
          retryKey: null,
          receivedAt: new Date(),
        });
      }
      return { status: response.status, body: answer };
    } else {
      const replyToken = randomBytes(16).toString('hex');
      replyTokens.set(replyToken, message.from);
      const body = JSON.stringify({
        destination: 'U' + randomBytes(16).toString('hex'),
        events: [
          {
            type: 'message',
            mode: 'active',
            timestamp: Date.now(),
            webhookEventId: message.id ?? newId('01', 12).toUpperCase(),
            deliveryContext: { isRedelivery: false },
            source: { type: 'user', userId: message.from },
            replyToken,
            message: {
              id: String(Date.now()),
              type: 'text',
              quoteToken: newId('q', 12),
              text: message.text,
            },
          },
        ],
      });
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-line-signature': lineSignature(credentials.lineChannelSecret, body),
        },
        body,
      });
    }
    return { status: response.status, body: await response.text() };
  }

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const twilio = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
      if (request.method === 'POST' && twilio) return handleTwilio(request, response, twilio[1]!);
      if (request.method === 'POST' && url.pathname === '/v2/bot/message/push') {
        return handleLinePush(request, response);
      }
      if (request.method === 'POST' && url.pathname === '/v2/bot/message/reply') {
        return handleLineReply(request, response);
      }
      if (request.method === 'GET' && url.pathname === '/messages.json') {
        return json(response, 200, [...messages].reverse());
      }
      if (request.method === 'POST' && url.pathname === '/faults') {
        const body = JSON.parse(await readBody(request)) as { provider: Provider; faults: Fault[] };
        faults[body.provider].push(...body.faults);
        return json(response, 204, null);
      }
      if (request.method === 'POST' && url.pathname === '/inbound') {
        const body = JSON.parse(await readBody(request)) as {
          provider: Provider;
          from: string;
          text: string;
        };
        return json(response, 200, await sendInbound(body.provider, body));
      }
      if (request.method === 'GET' && url.pathname === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return response.end(renderMessagesPage(messages));
      }
      json(response, 404, { message: 'Not found' });
    })().catch(() => {
      if (!response.headersSent) json(response, 400, { message: 'Bad request' });
      else response.end();
    });
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${String(port)}`,
    credentials,
    messages,
    log,
    failNext: (provider, ...more) => faults[provider].push(...more),
    sendInbound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const unescapeXml = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_match, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name as 'amp'],
  );

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

function renderMessagesPage(messages: readonly ReceivedMessage[]): string {
  const items = [...messages]
    .reverse()
    .map(
      (m) =>
        `<article><p class="meta">${m.provider.toUpperCase()} · ${escapeHtml(m.receivedAt.toISOString())} · to ${escapeHtml(m.to)}</p><pre>${escapeHtml(m.text)}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>開発用 SMS・LINE / Development SMS and LINE</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}article{border-top:1px solid #888}.meta{color:#444}pre{white-space:pre-wrap}</style>
</head><body><h1>開発用 SMS・LINE / Development SMS and LINE</h1>
<p>${String(messages.length)} 件 / messages the local providers accepted (newest first).</p>
${items || '<p>まだありません。/ None yet.</p>'}
</body></html>`;
}
