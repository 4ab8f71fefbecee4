import { startProviderServer, type ProviderServer } from '@sasaeai/dev-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../src/notifications/channel.ts';
import { createLineChannel } from '../src/notifications/line-channel.ts';
import { createSmsChannel } from '../src/notifications/sms-channel.ts';

let providers: ProviderServer;

beforeAll(async () => {
  providers = await startProviderServer();
});
afterAll(async () => {
  await providers.close();
});

const PHONE = '+819012345678';
const LINE_USER = 'U' + 'a'.repeat(32);
let serial = 0;
const message = (to: string | null): OutgoingMessage => {
  serial += 1;
  return {
    notificationId: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    to,
    subject: 'お手伝いの依頼',
    text: '雪かき',
    chatText: `お手伝いの依頼 ${String(serial)}`,
  };
};

const sms = (timeoutMs = 5_000) =>
  createSmsChannel({
    apiUrl: providers.url,
    accountSid: providers.credentials.twilioAccountSid,
    authToken: providers.credentials.twilioAuthToken,
    from: '+815012345678',
    timeoutMs,
  });
const line = (timeoutMs = 5_000) =>
  createLineChannel({
    apiUrl: providers.url,
    channelAccessToken: providers.credentials.lineChannelAccessToken,
    timeoutMs,
  });

describe('SMS (Twilio Messages API) against the local provider', () => {
  it('sends: 201 with the message sid, the text to the number', async () => {
    const outgoing = message(PHONE);
    const result = await sms().send(outgoing);
    expect(result).toMatchObject({
      outcome: 'sent',
      providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/),
    });
    const received = providers.messages.find((m) => m.text === outgoing.chatText);
    expect(received).toMatchObject({ provider: 'sms', to: PHONE, from: '+815012345678' });
  });

  it('a 429 (20429) is retried after its Retry-After, then sends', async () => {
    providers.failNext('sms', { kind: 'rate_limit', retryAfterSeconds: 7 });
    const channel = sms();
    const outgoing = message(PHONE);
    expect(await channel.send(outgoing)).toEqual({
      outcome: 'retry',
      reason: 'sms 429 20429',
      retryAfterMs: 7_000,
    });
    expect(await channel.send(outgoing)).toMatchObject({ outcome: 'sent' });
  });

  it('a 400 is permanent (fall back) and names the code, never the number', async () => {
    providers.failNext('sms', { kind: 'status', status: 400, code: 21614 });
    expect(await sms().send(message(PHONE))).toEqual({
      outcome: 'permanent',
      reason: 'sms 400 21614',
    });
    // A number the provider itself refuses.
    const refused = await sms().send(message('+0000'));
    expect(refused).toEqual({ outcome: 'permanent', reason: 'sms 400 21211' });
    expect(JSON.stringify(refused)).not.toContain('+0000');
  });

  it('a 5xx and a timeout are retried', async () => {
    providers.failNext('sms', { kind: 'status', status: 503 });
    expect(await sms().send(message(PHONE))).toEqual({ outcome: 'retry', reason: 'sms 503 20500' });
    providers.failNext('sms', { kind: 'delay', ms: 1_500 });
    expect(await sms(200).send(message(PHONE))).toEqual({
      outcome: 'retry',
      reason: 'sms timeout',
    });
  });

  it('wrong credentials are permanent (401 20003); no number is permanent without a call', async () => {
    const wrong = createSmsChannel({
      apiUrl: providers.url,
      accountSid: providers.credentials.twilioAccountSid,
      authToken: 'not-the-token',
      from: '+815012345678',
    });
    expect(await wrong.send(message(PHONE))).toEqual({
      outcome: 'permanent',
      reason: 'sms 401 20003',
    });
    expect(await sms().send(message(null))).toEqual({ outcome: 'permanent', reason: 'no number' });
  });

  it('a connection refused is retried', async () => {
    const closed = await startProviderServer();
    const url = closed.url;
    await closed.close();
    const channel = createSmsChannel({
      apiUrl: url,
      accountSid: 'AC1',
      authToken: 'token-123',
      from: '+815012345678',
    });
    expect(await channel.send(message(PHONE))).toEqual({
      outcome: 'retry',
      reason: 'sms connection',
    });
  });
});

describe('LINE (Messaging API push) against the local provider', () => {
  it('sends: the sent message id, with the row id as X-Line-Retry-Key', async () => {
    const outgoing = message(LINE_USER);
    const result = await line().send(outgoing);
    expect(result).toMatchObject({
      outcome: 'sent',
      providerMessageId: expect.stringMatching(/^\d+$/),
    });
    const received = providers.messages.find((m) => m.text === outgoing.chatText);
    expect(received).toMatchObject({
      provider: 'line',
      to: LINE_USER,
      retryKey: outgoing.notificationId,
    });
  });

  it('the same row sent again (answer lost, worker killed) is not delivered twice', async () => {
    const outgoing = message(LINE_USER);
    await line().send(outgoing);
    expect(await line().send(outgoing)).toMatchObject({
      outcome: 'sent',
      providerMessageId: expect.stringMatching(/^request:/),
    });
    expect(providers.messages.filter((m) => m.text === outgoing.chatText)).toHaveLength(1);
  });

  it('429 then success; 400 permanent; 5xx and timeout retried', async () => {
    providers.failNext('line', { kind: 'rate_limit', retryAfterSeconds: 2 });
    const outgoing = message(LINE_USER);
    expect(await line().send(outgoing)).toEqual({
      outcome: 'retry',
      reason: 'line 429',
      retryAfterMs: 2_000,
    });
    expect(await line().send(outgoing)).toMatchObject({ outcome: 'sent' });

    providers.failNext('line', { kind: 'status', status: 400 });
    expect(await line().send(message(LINE_USER))).toEqual({
      outcome: 'permanent',
      reason: 'line 400',
    });
    expect(await line().send(message('not-a-line-user'))).toEqual({
      outcome: 'permanent',
      reason: 'line 400',
    });

    providers.failNext('line', { kind: 'status', status: 500 });
    expect(await line().send(message(LINE_USER))).toEqual({ outcome: 'retry', reason: 'line 500' });
    providers.failNext('line', { kind: 'delay', ms: 1_500 });
    expect(await line(200).send(message(LINE_USER))).toEqual({
      outcome: 'retry',
      reason: 'line timeout',
    });
  });

  it('a wrong token is permanent (401)', async () => {
    const wrong = createLineChannel({
      apiUrl: providers.url,
      channelAccessToken: 'wrong-token-123',
    });
    expect(await wrong.send(message(LINE_USER))).toEqual({
      outcome: 'permanent',
      reason: 'line 401',
    });
  });
});

describe('the local provider rate limit', () => {
  it('answers 429 with Retry-After beyond its rate', async () => {
    const limited = await startProviderServer({ ratePerSecond: 2 });
    try {
      const channel = createLineChannel({
        apiUrl: limited.url,
        channelAccessToken: limited.credentials.lineChannelAccessToken,
      });
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map(() => channel.send(message(LINE_USER))),
      );
      expect(results.filter((r) => r.outcome === 'retry')).not.toHaveLength(0);
      expect(results.filter((r) => r.outcome === 'sent').length).toBeLessThanOrEqual(4);
    } finally {
      await limited.close();
    }
  });
});
