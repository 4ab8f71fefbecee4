import { describe, expect, it } from 'vitest';
import { EnvError, loadWorkerEnv } from '../src/env.ts';

describe('loadWorkerEnv', () => {
  it('falls back to local defaults when nothing is set', () => {
    expect(loadWorkerEnv({})).toEqual({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sasaeai',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: 'sasaeai',
      LOG_LEVEL: 'info',
      RELAY_INTERVAL_MS: 500,
      RELAY_BATCH_SIZE: 100,
      WORKER_CONCURRENCY: 5,
      WORKER_NICE: 5,
      MATCHING_WINDOW_MS: 500,
      MATCHING_LOCK_RETRY_MS: 1_000,
      MATCHING_REFUSAL_LIMIT: 3,
      MATCHING_INBOX_AFTER_MINUTES: 180,
      MATCHING_INBOX_BEFORE_WINDOW_MINUTES: 60,
      NEIGHBOUR_WAIT_MINUTES: 60,
      OFFER_EXPIRY_INTERVAL_MS: 60_000,
      RECONCILE_INTERVAL_MS: 60_000,
      RECONCILE_STALE_SECONDS: 60,
      METRICS_PORT: 0,
      METRICS_HOST: '127.0.0.1',
      MAIL_FROM: 'ささえあい <no-reply@sasaeai.localhost>',
      PUBLIC_BASE_URL: 'http://localhost:3000',
      NOTIFY_MAX_ATTEMPTS: 4,
      NOTIFY_RETRY_BASE_MS: 30_000,
      NOTIFY_CLAIM_LEASE_MS: 120_000,
      NOTIFY_SEND_BATCH: 20,
      NOTIFY_RECONCILE_GRACE_MS: 60_000,
      NOTIFY_SCAN_INTERVAL_MS: 60_000,
      NOTIFY_OFFER_EXPIRING_MINUTES: 120,
      NOTIFY_REMINDER_HOUR_JST: 18,
      NOTIFY_DIGEST_MINUTES: 30,
      NOTIFY_INSURANCE_RENEWAL_DAYS: 30,
      CALL_DEADLINE_MINUTES: 60,
      TWILIO_API_URL: 'https://api.twilio.com',
      LINE_API_URL: 'https://api.line.me',
    });
  });

  it('switches SMS on only with the SID, token and sender, and LINE with its token', async () => {
    const { channelSettingsFrom } = await import('../src/notifications/channels.ts');
    expect(channelSettingsFrom(loadWorkerEnv({})).sms).toBeUndefined();
    expect(channelSettingsFrom(loadWorkerEnv({})).line).toBeUndefined();
    expect(
      channelSettingsFrom(
        loadWorkerEnv({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'token-123' }),
      ).sms,
    ).toBeUndefined();
    expect(
      channelSettingsFrom(
        loadWorkerEnv({
          TWILIO_API_URL: 'http://127.0.0.1:1090',
          TWILIO_ACCOUNT_SID: 'AC123',
          TWILIO_AUTH_TOKEN: 'token-123',
          TWILIO_FROM: '+815012345678',
          LINE_CHANNEL_ACCESS_TOKEN: 'line-token-1',
        }),
      ),
    ).toMatchObject({
      sms: { apiUrl: 'http://127.0.0.1:1090', accountSid: 'AC123', from: '+815012345678' },
      line: { apiUrl: 'https://api.line.me', channelAccessToken: 'line-token-1' },
    });
    expect(() => loadWorkerEnv({ TWILIO_API_URL: 'ftp://x' })).toThrow(/TWILIO_API_URL/);
  });

  it('turns e-mail on with an smtp:// or smtps:// SMTP_URL, and names a bad one without echoing it', () => {
    expect(loadWorkerEnv({ SMTP_URL: 'smtps://mailer:pw@mail.example.jp:465' }).SMTP_URL).toBe(
      'smtps://mailer:pw@mail.example.jp:465',
    );
    expect(loadWorkerEnv({ SMTP_URL: '' }).SMTP_URL).toBeUndefined();
    const load = () => loadWorkerEnv({ SMTP_URL: 'http://mailer:s3cret@mail.example.jp' });
    expect(load).toThrow(/SMTP_URL must be a smtp:\/\/ or smtps:\/\/ URL/);
    expect(load).not.toThrow(/s3cret/);
  });

  it('reads the notification settings and drops a trailing slash from PUBLIC_BASE_URL', () => {
    expect(
      loadWorkerEnv({
        PUBLIC_BASE_URL: 'https://sasaeai.example.jp/',
        NOTIFY_MAX_ATTEMPTS: '2',
        NOTIFY_RETRY_BASE_MS: '1000',
      }),
    ).toMatchObject({
      PUBLIC_BASE_URL: 'https://sasaeai.example.jp',
      NOTIFY_MAX_ATTEMPTS: 2,
      NOTIFY_RETRY_BASE_MS: 1_000,
    });
    expect(() => loadWorkerEnv({ NOTIFY_MAX_ATTEMPTS: '0' })).toThrow(
      /NOTIFY_MAX_ATTEMPTS must be at least 1/,
    );
    expect(
      loadWorkerEnv({ NOTIFY_CLAIM_LEASE_MS: '20000', NOTIFY_RECONCILE_GRACE_MS: '1000' }),
    ).toMatchObject({ NOTIFY_CLAIM_LEASE_MS: 20_000, NOTIFY_RECONCILE_GRACE_MS: 1_000 });
    // A lease shorter than one SMTP conversation would let a second worker send the same row.
    expect(() => loadWorkerEnv({ NOTIFY_CLAIM_LEASE_MS: '5000' })).toThrow(
      /NOTIFY_CLAIM_LEASE_MS must be at least 20000/,
    );
  });

  it('reads numbers from strings and treats an empty variable as unset', () => {
    const env = loadWorkerEnv({ RELAY_INTERVAL_MS: '250', WORKER_CONCURRENCY: '2', LOG_LEVEL: '' });
    expect(env.RELAY_INTERVAL_MS).toBe(250);
    expect(env.WORKER_CONCURRENCY).toBe(2);
    expect(env.LOG_LEVEL).toBe('info');
  });

  it('names a bad REDIS_URL without echoing it, since URLs carry passwords', () => {
    const load = () => loadWorkerEnv({ REDIS_URL: 'http://user:s3cret@cache:6379' });
    expect(load).toThrow(EnvError);
    expect(load).toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(load).not.toThrow(/s3cret/);
  });

  it('lists every bad field in one message', () => {
    const load = () =>
      loadWorkerEnv({
        DATABASE_URL: 'mysql://db/x',
        RELAY_INTERVAL_MS: 'soon',
        REDIS_PREFIX: 'a:b',
        LOG_LEVEL: 'loud',
      });
    expect(load).toThrow(
      /DATABASE_URL .*; REDIS_PREFIX .*; LOG_LEVEL .*; RELAY_INTERVAL_MS must be a whole number/,
    );
  });

  it('reads the matching and maintenance settings', () => {
    const env = loadWorkerEnv({
      MATCHING_WINDOW_MS: '0',
      OFFER_EXPIRY_INTERVAL_MS: '5000',
      RECONCILE_STALE_SECONDS: '30',
      NEIGHBOUR_WAIT_MINUTES: '45',
    });
    expect(env).toMatchObject({
      MATCHING_WINDOW_MS: 0,
      OFFER_EXPIRY_INTERVAL_MS: 5_000,
      RECONCILE_STALE_SECONDS: 30,
      NEIGHBOUR_WAIT_MINUTES: 45,
    });
    expect(() => loadWorkerEnv({ OFFER_EXPIRY_INTERVAL_MS: '10' })).toThrow(
      /OFFER_EXPIRY_INTERVAL_MS must be at least 1000/,
    );
  });

  it('rejects a relay interval outside its bounds', () => {
    expect(() => loadWorkerEnv({ RELAY_INTERVAL_MS: '0' })).toThrow(
      /RELAY_INTERVAL_MS must be at least 10/,
    );
  });
});
