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
