/** A plain-language line for a failed connection, instead of a stack trace. */
export function describeConnectionError(error: unknown, url: string): string {
  const code = connectionErrorCode(error);
  const where = new URL(url);
  const target = `${where.hostname}:${where.port || '5432'}`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
    return `PostgreSQL is not reachable at ${target} (${code}). Start it, or run \`docker compose -f infra/compose.yaml up -d\`, or set DATABASE_URL.`;
  }
  return `Database error at ${target}: ${error instanceof Error ? error.message : String(error)}`;
}

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
]);

/** The network error code anywhere in the cause chain (drizzle wraps driver errors). */
export function connectionErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && connectionCodes.has(code)) return code;
    const errors = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) current = errors[0];
    else current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
