import { pino, type DestinationStream, type Logger } from 'pino';
import { isQueryError, loggableError, logRedactPaths } from '@sasaeai/db';

export type { Logger };

/**
 * Structured JSON logs. Callers log ids, counts and error codes only, never personal data; an
 * `err` is serialised without a database error's query, parameters or message.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'worker' },
    redact: logRedactPaths,
    serializers: { err: loggableError },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * The loggable part of an error. A database error is reported by its code, constraint and table
 * only (drizzle's message embeds the query and every parameter); any other wrapped error by its
 * root cause's name and message, never by its stack.
 */
export function describeError(error: unknown): {
  errorName: string;
  errorCode?: string;
  errorConstraint?: string;
  errorTable?: string;
  errorMessage: string;
} {
  const shown = loggableError(isQueryError(error) ? error : rootCause(error));
  return {
    errorName: shown.type,
    ...(shown.code ? { errorCode: shown.code } : {}),
    ...(shown.constraint ? { errorConstraint: shown.constraint } : {}),
    ...(shown.table ? { errorTable: shown.table } : {}),
    errorMessage: shown.message,
  };
}

function rootCause(error: unknown): unknown {
  let current = error;
  for (
    let depth = 0;
    depth < 5 && current instanceof Error && current.cause !== undefined;
    depth++
  ) {
    current = current.cause;
  }
  return current;
}
