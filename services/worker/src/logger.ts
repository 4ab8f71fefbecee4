import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. Callers log ids, counts and error codes only, never personal data. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'worker' } });
}

/**
 * The loggable part of an error. A driver error's message can embed the failed query and its
 * parameters, so a wrapped error is reported by its root cause (the database's own message,
 * which names constraints but not values) and never by its stack or `detail`.
 */
export function describeError(error: unknown): {
  errorName: string;
  errorCode?: string;
  errorMessage: string;
} {
  const root = rootCause(error);
  if (!(root instanceof Error)) return { errorName: 'NonError', errorMessage: String(root) };
  const code = (root as { code?: unknown }).code;
  return {
    errorName: root.name,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    errorMessage: root.message,
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
