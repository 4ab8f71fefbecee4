/**
 * What of an error may be written to a log. A database error never contributes its message,
 * stack, query, parameters or `detail`: drizzle's DrizzleQueryError embeds the query and every
 * bound value (addresses, phones, notes, password hashes) in its message and stack, postgres.js
 * keeps them on `query`/`parameters`, and PostgreSQL's own message or detail can quote a value.
 * Its SQLSTATE code, constraint, table, column and routine, and the stack's frames (code
 * locations only), are enough to diagnose it.
 */
export interface LoggableError {
  [key: string]: string | undefined;
  type: string;
  message: string;
  stack: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
}

const MAX_DEPTH = 5;

/** The error and its causes, objects only (drizzle wraps the driver's error on `cause`). */
function chainOf(error: unknown): object[] {
  const chain: object[] = [];
  let current = error;
  while (typeof current === 'object' && current !== null && chain.length < MAX_DEPTH) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A server's error report (postgres.js names it PostgresError and gives it a routine). */
function isServerError(error: unknown): boolean {
  const candidate = error as { name?: unknown; routine?: unknown; severity?: unknown };
  return (
    candidate.name === 'PostgresError' ||
    (typeof candidate.routine === 'string' && typeof candidate.severity === 'string')
  );
}

/** Anything that carried a query: drizzle's wrapper or a driver error with the SQL on it. */
function carriesQuery(error: object): boolean {
  return (
    (error as { name?: unknown }).name === 'DrizzleQueryError' ||
    'query' in error ||
    'params' in error ||
    'parameters' in error
  );
}

function typeOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** Does the error (or a cause of it) come from a query, so that its text may quote values? */
export function isQueryError(error: unknown): boolean {
  return chainOf(error).some((link) => isServerError(link) || carriesQuery(link));
}

/** Only the `at …` lines of a stack: where it happened, without the message it starts with. */
function framesOf(error: unknown): string {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/** The error as pino should serialise it (the `err` serializer of every logger). */
export function loggableError(error: unknown): LoggableError {
  const chain = chainOf(error);
  if (isQueryError(error)) {
    // Without the server's report (a network fault), the driver's own error is the root cause.
    const source = (chain.find(isServerError) ?? chain[chain.length - 1]) as Record<
      string,
      unknown
    >;
    const details = {
      code: text(source.code),
      constraint: text(source.constraint_name),
      table: text(source.table_name),
      column: text(source.column_name),
      routine: text(source.routine),
    };
    const message = ['query failed', details.code, details.constraint ?? details.table]
      .filter(Boolean)
      .join(' ');
    const fields: LoggableError = {
      type: typeOf(source),
      message,
      stack: `${typeOf(error)}: ${message}\n${framesOf(error)}`,
    };
    for (const [key, value] of Object.entries(details)) {
      if (value) fields[key as keyof typeof details] = value;
    }
    return fields;
  }
  if (!(error instanceof Error)) return { type: typeOf(error), message: String(error), stack: '' };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: error.message,
    stack: error.stack ?? '',
    ...(typeof code === 'string' ? { code } : {}),
  };
}
