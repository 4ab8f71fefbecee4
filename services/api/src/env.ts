import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const ApiEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/sasaeai'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /** Namespaces Redis keys (rate limits, pub/sub) so several deployments or tests can share one Redis. */
  REDIS_PREFIX: z.string().min(1).default('sasaeai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
  LOGIN_RATE_LIMIT_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60 * 1000),
  /** Failed log-ins per account, from all addresses together, per window. */
  LOGIN_ACCOUNT_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
  SIGNUP_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(20),
  /** Requests per minute per address to one-tap links and password-reset links. */
  ACTION_LINK_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(30),
  /** Password-reset requests per hour per address (and, silently, 3 per hour per address asked). */
  PASSWORD_RESET_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
  /**
   * The dashboard's activity figures may be this old: a read finds them in the cache and brings
   * them up to date behind the scenes. 0 answers every read with every committed change.
   */
  COUNCIL_MAX_STALE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** How often open /ws sockets have their sessions re-read (closing expired or revoked ones). */
  LIVE_SESSION_CHECK_MS: z.coerce.number().int().min(100).default(60_000),
  /** Demo mode allows demo accounts; a production start refuses to run while any exist. */
  DEMO_MODE: booleanFlag.default(false),
  /** Directory of the SvelteKit adapter-node build to serve on the same origin; empty = API only. */
  WEB_BUILD_DIR: z.string().default(''),
  /** Bearer token for `/metrics` (Prometheus); unset = the endpoint answers 404. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /**
   * Comma-separated addresses or CIDR ranges of the reverse proxies in front of the API, whose
   * X-Forwarded-For names the client. Empty (the default) trusts no one, loopback included.
   */
  TRUST_PROXY: z
    .string()
    .default('')
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

export class EnvError extends Error {}

/** Validates the environment once at boot; the message names every bad variable. */
export function loadApiEnv(env: Record<string, string | undefined> = process.env): ApiEnv {
  const parsed = ApiEnv.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
}
