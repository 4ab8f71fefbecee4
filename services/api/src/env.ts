import {
  flagSetting,
  integerSetting,
  parseEnv,
  serviceSettings,
  setting,
  urlSetting,
} from '@sasaeai/contracts';
import { z } from 'zod';

export const ApiEnv = z.object({
  NODE_ENV: setting(
    z
      .enum(['development', 'test', 'production'], {
        error: 'must be development, test or production',
      })
      .default('development'),
  ),
  HOST: setting(z.string().default('127.0.0.1')),
  PORT: setting(integerSetting(0, 65_535).default(3000)),
  ...serviceSettings,
  SESSION_TTL_DAYS: setting(integerSetting(1, 90).default(30)),
  LOGIN_RATE_LIMIT_MAX: setting(integerSetting(1).default(10)),
  LOGIN_RATE_LIMIT_WINDOW_MS: setting(integerSetting(1000).default(15 * 60 * 1000)),
  /** Failed log-ins per account, from all addresses together, per window. */
  LOGIN_ACCOUNT_RATE_LIMIT_MAX: setting(integerSetting(1).default(10)),
  SIGNUP_RATE_LIMIT_MAX: setting(integerSetting(1).default(20)),
  /** Requests per minute per address to one-tap links and password-reset links. */
  ACTION_LINK_RATE_LIMIT_MAX: setting(integerSetting(1).default(30)),
  /** Requests a minute per address to what anyone may read without logging in (/api/public). */
  PUBLIC_RATE_LIMIT_MAX: setting(integerSetting(1).default(60)),
  /** Password-reset requests per hour per address (and, silently, 3 per hour per address asked). */
  PASSWORD_RESET_RATE_LIMIT_MAX: setting(integerSetting(1).default(10)),
  /**
   * The dashboard's activity figures may be this old: a read finds them in the cache and brings
   * them up to date behind the scenes. 0 answers every read with every committed change.
   */
  COUNCIL_MAX_STALE_SECONDS: setting(integerSetting(0, 3600).default(60)),
  /** How often open /ws sockets have their sessions re-read (closing expired or revoked ones). */
  LIVE_SESSION_CHECK_MS: setting(integerSetting(100).default(60_000)),
  /** Demo mode allows demo accounts; a production start refuses to run while any exist. */
  DEMO_MODE: setting(flagSetting.default(false)),
  /** Directory of the SvelteKit adapter-node build to serve on the same origin; empty = API only. */
  WEB_BUILD_DIR: setting(z.string().default('')),
  /**
   * Admission control: API requests worked on at once; more wait (ARCHITECTURE.md, Overload).
   * The PostgreSQL pool's size (10), so an admitted request does not queue again for a connection.
   */
  ADMISSION_MAX_IN_FLIGHT: setting(integerSetting(2, 10_000).default(10)),
  /** Of those, the slots only intake (new requests, answers to offers, one-tap links) may use. */
  ADMISSION_INTAKE_RESERVED: setting(integerSetting(0, 10_000).default(3)),
  /**
   * How long a request may have waited, counted from its arrival, before it gets a slot; one
   * older, or that would not get a slot in time, is refused with 503 busy.
   */
  ADMISSION_MAX_WAIT_MS: setting(integerSetting(0, 600_000).default(500)),
  /** Requests that may wait at once; more are refused at once. */
  ADMISSION_MAX_QUEUE: setting(integerSetting(0, 1_000_000).default(1000)),
  /** Mean event-loop delay (ms) above which work other than intake is refused; 0 = never. */
  ADMISSION_MAX_EVENT_LOOP_DELAY_MS: setting(integerSetting(0, 60_000).default(100)),
  /** Bearer token for `/metrics` (Prometheus); unset = the endpoint answers 404. */
  METRICS_TOKEN: setting(
    z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  ),
  /**
   * The app's public address: the URL Twilio signs a webhook with is this plus the path, and
   * replies link to its pages.
   */
  PUBLIC_BASE_URL: setting(
    urlSetting(/^https?$/, 'http:// or https://')
      .transform((url) => url.replace(/\/+$/, ''))
      .default('http://localhost:3000'),
  ),
  /** Checks `X-Twilio-Signature` on `POST /api/webhooks/sms`; unset: that webhook answers 404. */
  TWILIO_AUTH_TOKEN: setting(z.string().min(8).max(200).optional()),
  /** Checks `X-Line-Signature` on `POST /api/webhooks/line`; unset: that webhook answers 404. */
  LINE_CHANNEL_SECRET: setting(z.string().min(8).max(200).optional()),
  /** For answering a LINE message (reply API); without it a LINE message gets no answer. */
  LINE_CHANNEL_ACCESS_TOKEN: setting(z.string().min(8).max(1_000).optional()),
  LINE_API_URL: setting(
    urlSetting(/^https?$/, 'http:// or https://')
      .transform((url) => url.replace(/\/+$/, ''))
      .default('https://api.line.me'),
  ),
  /**
   * Comma-separated addresses or CIDR ranges of the reverse proxies in front of the API, whose
   * X-Forwarded-For names the client. Empty (the default) trusts no one, loopback included.
   */
  TRUST_PROXY: setting(z.string().default(''))
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
    .pipe(
      z.array(
        z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
          message: 'expected IP addresses or CIDR ranges, separated by commas',
        }),
      ),
    ),
});
export type ApiEnv = z.infer<typeof ApiEnv>;

export { EnvError } from '@sasaeai/contracts';

/** Validates the API's environment once at boot (see `parseEnv`). */
export function loadApiEnv(env: Record<string, string | undefined> = process.env): ApiEnv {
  return parseEnv(ApiEnv, env, 'api');
}
