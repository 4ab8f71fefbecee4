/** A plain-language line for a failed connection, instead of a stack trace. */
export function describeConnectionError(error: unknown, url: string): string {
  const code = (error as { code?: string } | null)?.code;
  const where = new URL(url);
  const target = `${where.hostname}:${where.port || '5432'}`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
    return `PostgreSQL is not reachable at ${target} (${code}). Start it, or run \`docker compose -f infra/compose.yaml up -d\`, or set DATABASE_URL.`;
  }
  return `Database error at ${target}: ${error instanceof Error ? error.message : String(error)}`;
}
