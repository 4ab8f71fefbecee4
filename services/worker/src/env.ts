import { integerSetting, parseEnv, serviceSettings, setting, urlSetting } from '@sasaeai/contracts';
import { z } from 'zod';

export const WorkerEnv = z.object({
  ...serviceSettings,
  RELAY_INTERVAL_MS: setting(integerSetting(10, 60_000).default(500)),
  RELAY_BATCH_SIZE: setting(integerSetting(1, 1_000).default(100)),
  WORKER_CONCURRENCY: setting(integerSetting(1, 100).default(5)),
  /**
   * The worker's CPU niceness (0–19; higher yields more). Where the API and the worker share
   * cores, a surge's intake (the API) is served before matching and sending, which can wait.
   */
  WORKER_NICE: setting(integerSetting(0, 19).default(5)),
  /**
   * Per-district batching window (throttle): the first matching job of a district waits this
   * long and absorbs every other one added meanwhile. 0 runs each job at once, without batching.
   */
  MATCHING_WINDOW_MS: setting(integerSetting(0, 60_000).default(500)),
  /** How soon a matching job retries when another worker holds the district's lock. */
  MATCHING_LOCK_RETRY_MS: setting(integerSetting(10, 60_000).default(1_000)),
  /** Declined, expired or rejected offers after which a request goes to the coordinator. */
  MATCHING_REFUSAL_LIMIT: setting(integerSetting(1, 100).default(3)),
  /** Minutes a request nobody could take yet waits before it goes to the coordinator's inbox. */
  MATCHING_INBOX_AFTER_MINUTES: setting(integerSetting(1, 10_080).default(180)),
  /** …or how soon before its window starts. */
  MATCHING_INBOX_BEFORE_WINDOW_MINUTES: setting(integerSetting(0, 1_440).default(60)),
  /** Minutes a request waits before opted-in volunteers of neighbouring districts may take it. */
  NEIGHBOUR_WAIT_MINUTES: setting(integerSetting(0, 10_080).default(60)),
  OFFER_EXPIRY_INTERVAL_MS: setting(integerSetting(1_000, 3_600_000).default(60_000)),
  RECONCILE_INTERVAL_MS: setting(integerSetting(1_000, 3_600_000).default(60_000)),
  /** Requests in open/matching untouched this long are re-enqueued by the reconciler. */
  RECONCILE_STALE_SECONDS: setting(integerSetting(1, 86_400).default(60)),
  /** Port of the worker's Prometheus `/metrics` (not public); 0 = no metrics server. */
  METRICS_PORT: setting(integerSetting(0, 65_535).default(0)),
  METRICS_HOST: setting(z.string().min(1).default('127.0.0.1')),
  /**
   * Where e-mail notifications go out (nodemailer connection URL, `smtp://user:pass@host:587`
   * or `smtps://…`). Unset: e-mail is off and each person's next channel is used.
   */
  SMTP_URL: setting(urlSetting(/^smtps?$/, 'smtp:// or smtps://').optional()),
  MAIL_FROM: setting(
    z
      .string()
      .max(200, { error: 'must be at most 200 characters' })
      .default('ささえあい <no-reply@sasaeai.localhost>'),
  ),
  /** The web app's public address, for links in messages. */
  PUBLIC_BASE_URL: setting(
    urlSetting(/^https?$/, 'http:// or https://')
      .transform((url) => url.replace(/\/+$/, ''))
      .default('http://localhost:3000'),
  ),
  /** Twilio's API (SMS); a local stand-in in development (services/dev-providers). */
  TWILIO_API_URL: setting(
    urlSetting(/^https?$/, 'http:// or https://').default('https://api.twilio.com'),
  ),
  /** SMS is on when the account SID, auth token and sender (number or `MG…` service) are set. */
  TWILIO_ACCOUNT_SID: setting(z.string().min(2).max(64).optional()),
  TWILIO_AUTH_TOKEN: setting(z.string().min(8).max(200).optional()),
  TWILIO_FROM: setting(z.string().min(2).max(64).optional()),
  /** LINE Messaging API; a local stand-in in development. */
  LINE_API_URL: setting(
    urlSetting(/^https?$/, 'http:// or https://').default('https://api.line.me'),
  ),
  /** LINE is on when the channel access token is set. */
  LINE_CHANNEL_ACCESS_TOKEN: setting(z.string().min(8).max(1_000).optional()),
  /** Attempts on one channel (e.g. e-mail) before a person's next channel is tried. */
  NOTIFY_MAX_ATTEMPTS: setting(integerSetting(1, 20).default(4)),
  /** The first pause before a notification is retried; each further pause doubles. */
  NOTIFY_RETRY_BASE_MS: setting(integerSetting(100, 3_600_000).default(30_000)),
  /**
   * How long a notification taken for sending is left alone before another attempt (its worker
   * may have died mid-send). Longer than one SMTP conversation may take (15 s).
   */
  NOTIFY_CLAIM_LEASE_MS: setting(integerSetting(20_000, 3_600_000).default(120_000)),
  /** Notifications one send job takes together (its own and other due ones); 1 sends one by one. */
  NOTIFY_SEND_BATCH: setting(integerSetting(1, 100).default(20)),
  /** A queued notification this far past its next attempt has lost its job; the reconciler sends it. */
  NOTIFY_RECONCILE_GRACE_MS: setting(integerSetting(1_000, 3_600_000).default(60_000)),
  /** How often the time-based notices (expiring offers, reminders, digests) are looked for. */
  NOTIFY_SCAN_INTERVAL_MS: setting(integerSetting(1_000, 3_600_000).default(60_000)),
  /** An unanswered offer this close to expiring reminds its volunteer once. */
  NOTIFY_OFFER_EXPIRING_MINUTES: setting(integerSetting(1, 1_440).default(120)),
  /** The hour (JST, 0–23) from which volunteers are reminded of tomorrow's tasks. */
  NOTIFY_REMINDER_HOUR_JST: setting(integerSetting(0, 23).default(18)),
  /** At most one "proposals waiting for approval" digest per coordinator and district this often. */
  NOTIFY_DIGEST_MINUTES: setting(integerSetting(1, 1_440).default(30)),
  /** A call on the coordinators' call list not made this long after it appeared escalates. */
  CALL_DEADLINE_MINUTES: setting(integerSetting(1, 10_080).default(60)),
  /** Volunteers are reminded to renew their insurance this many days before it (or the snow season) starts lacking. */
  NOTIFY_INSURANCE_RENEWAL_DAYS: setting(integerSetting(1, 180).default(30)),
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

export { EnvError } from '@sasaeai/contracts';

/** Validates the worker's settings once at boot (see `parseEnv`). */
export function loadWorkerEnv(env: Record<string, string | undefined> = process.env): WorkerEnv {
  return parseEnv(WorkerEnv, env, 'worker');
}
