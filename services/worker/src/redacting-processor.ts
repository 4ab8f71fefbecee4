import { isQueryError, loggableError } from '@sasaeai/db';
import type { Processor } from 'bullmq';

/**
 * What BullMQ keeps of a failed job in Redis is the error's message (`failedReason`) and stack
 * (`stacktrace`). A failed query's text carries the SQL and every bound value (addresses,
 * phones, notes), so such an error is replaced by one with the same diagnosis as the logs get
 * (`loggableError`: SQLSTATE, constraint, table, code frames) before BullMQ sees it. Any other
 * error passes through untouched, so BullMQ's own signals (DelayedError, UnrecoverableError)
 * keep working.
 */
export function withRedactedFailures<D, R>(processor: Processor<D, R>): Processor<D, R> {
  return async (job, token) => {
    try {
      return await processor(job, token);
    } catch (error) {
      throw redactedError(error);
    }
  };
}

export function redactedError(error: unknown): unknown {
  if (!isQueryError(error)) return error;
  const safe = loggableError(error);
  const replacement = new Error(safe.message);
  replacement.name = safe.type;
  replacement.stack = safe.stack;
  return replacement;
}
