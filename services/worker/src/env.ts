import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An unset variable and an empty one (`LOG_LEVEL=` in a compose file) both mean "use the default". */
const blankAsUnset = (value: unknown) => (value === '' ? undefined : value);

const urlWithScheme = (protocol: RegExp, expected: string) =>
  z.url({ protocol, hostname: /.+/, error: `must be a ${expected} URL` });

const boundedInteger = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

export const WorkerEnv = z.object({
  DATABASE_URL: z.preprocess(
    blankAsUnset,
    urlWithScheme(/^postgres(ql)?$/, 'postgres://').default(
      'postgres://postgres@127.0.0.1:5432/sasaeai',
    ),
  ),
  REDIS_URL: z.preprocess(
    blankAsUnset,
    urlWithScheme(/^rediss?$/, 'redis:// or rediss://').default('redis://127.0.0.1:6379'),
  ),
  REDIS_PREFIX: z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: 'may hold only letters, digits, "-" and "_"' })
      .default('sasaeai'),
  ),
  LOG_LEVEL: z.preprocess(
    blankAsUnset,
    z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  ),
  RELAY_INTERVAL_MS: z.preprocess(blankAsUnset, boundedInteger(10, 60_000).default(500)),
  RELAY_BATCH_SIZE: z.preprocess(blankAsUnset, boundedInteger(1, 1_000).default(100)),
  WORKER_CONCURRENCY: z.preprocess(blankAsUnset, boundedInteger(1, 100).default(5)),
  /**
   * Per-district batching window (throttle): the first matching job of a district waits this
   * long and absorbs every other one added meanwhile. 0 runs each job at once, without batching.
   */
  MATCHING_WINDOW_MS: z.preprocess(blankAsUnset, boundedInteger(0, 60_000).default(500)),
  /** How soon a matching job retries when another worker holds the district's lock. */
  MATCHING_LOCK_RETRY_MS: z.preprocess(blankAsUnset, boundedInteger(10, 60_000).default(1_000)),
  /** Declined, expired or rejected offers after which a request goes to the coordinator. */
  MATCHING_REFUSAL_LIMIT: z.preprocess(blankAsUnset, boundedInteger(1, 100).default(3)),
  /** Minutes a request nobody could take yet waits before it goes to the coordinator's inbox. */
  MATCHING_INBOX_AFTER_MINUTES: z.preprocess(blankAsUnset, boundedInteger(1, 10_080).default(180)),
  /** …or how soon before its window starts. */
  MATCHING_INBOX_BEFORE_WINDOW_MINUTES: z.preprocess(
    blankAsUnset,
    boundedInteger(0, 1_440).default(60),
  ),
  /** Minutes a request waits before opted-in volunteers of neighbouring districts may take it. */
  NEIGHBOUR_WAIT_MINUTES: z.preprocess(blankAsUnset, boundedInteger(0, 10_080).default(60)),
  OFFER_EXPIRY_INTERVAL_MS: z.preprocess(
    blankAsUnset,
    boundedInteger(1_000, 3_600_000).default(60_000),
  ),
  RECONCILE_INTERVAL_MS: z.preprocess(
    blankAsUnset,
    boundedInteger(1_000, 3_600_000).default(60_000),
  ),
  /** Requests in open/matching untouched this long are re-enqueued by the reconciler. */
  RECONCILE_STALE_SECONDS: z.preprocess(blankAsUnset, boundedInteger(1, 86_400).default(60)),
  /** Port of the worker's Prometheus `/metrics` (not public); 0 = no metrics server. */
  METRICS_PORT: z.preprocess(blankAsUnset, boundedInteger(0, 65_535).default(0)),
  METRICS_HOST: z.preprocess(blankAsUnset, z.string().min(1).default('127.0.0.1')),
  /**
   * Where e-mail notifications go out (nodemailer connection URL, `smtp://user:pass@host:587`
   * or `smtps://…`). Unset: e-mail is off and each person's next channel is used.
   */
  SMTP_URL: z.preprocess(blankAsUnset, urlWithScheme(/^smtps?$/, 'smtp:// or smtps://').optional()),
  MAIL_FROM: z.preprocess(
    blankAsUnset,
    z
      .string()
      .max(200, { error: 'must be at most 200 characters' })
      .default('ささえあい <no-reply@sasaeai.localhost>'),
  ),
  /** The web app's public address, for links in messages. */
  PUBLIC_BASE_URL: z.preprocess(
    blankAsUnset,
    urlWithScheme(/^https?$/, 'http:// or https://')
      .transform((url) => url.replace(/\/+$/, ''))
      .default('http://localhost:3000'),
  ),
  /** Attempts on one channel (e.g. e-mail) before a person's next channel is tried. */
  NOTIFY_MAX_ATTEMPTS: z.preprocess(blankAsUnset, boundedInteger(1, 20).default(4)),
  /** The first pause before a notification is retried; each further pause doubles. */
  NOTIFY_RETRY_BASE_MS: z.preprocess(blankAsUnset, boundedInteger(100, 3_600_000).default(30_000)),
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

export class WorkerEnvError extends Error {
  override name = 'WorkerEnvError';
}

/**
 * Validates the worker's settings. The message names each bad field and what it must be, but
 * never echoes a value: URLs carry passwords.
 */
export function loadWorkerEnv(env: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = WorkerEnv.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  throw new WorkerEnvError(`Invalid worker environment: ${problems.join('; ')}`);
}
