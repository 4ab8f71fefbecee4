import { z } from 'zod';

/**
 * The one way each process reads its environment: a zod object of settings, validated once at
 * boot by `parseEnv`. An unset variable and an empty one (`LOG_LEVEL=` in a compose file) both
 * mean "use the default", and a bad value is named with what it must be, never echoed (URLs
 * carry passwords).
 */
export class EnvError extends Error {
  override name = 'EnvError';
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const blankAsUnset = (value: unknown) => (value === '' ? undefined : value);

/** A setting: blank counts as unset, then `schema` decides (and supplies the default). */
export const setting = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsUnset, schema);

export const urlSetting = (protocol: RegExp, expected: string) =>
  z.url({ protocol, hostname: /.+/, error: `must be a ${expected} URL` });

export const integerSetting = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

export const flagSetting = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const logLevelSetting = z.enum(logLevels, {
  error: `must be one of ${logLevels.join(', ')}`,
});

export const databaseUrlSetting = setting(
  urlSetting(/^postgres(ql)?$/, 'postgres://').default(
    'postgres://postgres@127.0.0.1:5432/sasaeai',
  ),
);

/** What the API and the worker both read: where PostgreSQL and Redis are, and how to log. */
export const serviceSettings = {
  DATABASE_URL: databaseUrlSetting,
  REDIS_URL: setting(
    urlSetting(/^rediss?$/, 'redis:// or rediss://').default('redis://127.0.0.1:6379'),
  ),
  /** Namespaces Redis keys and queues so several deployments or tests can share one Redis. */
  REDIS_PREFIX: setting(
    z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: 'may hold only letters, digits, "-" and "_"' })
      .default('sasaeai'),
  ),
  LOG_LEVEL: setting(logLevelSetting.default('info')),
};

/** Validates `env` against `schema`; the error names every bad variable in one line. */
export function parseEnv<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined>,
  service: string,
): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  throw new EnvError(`Invalid ${service} environment: ${problems.join('; ')}`);
}
