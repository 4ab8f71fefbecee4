/**
 * Whether an error means Redis cannot be reached (ioredis gave up on the command, or the
 * connection is closed), as opposed to a bug: such requests answer 503, not 500.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    error.message === 'Connection is closed.' ||
    error.message.startsWith("Stream isn't writeable")
  );
}
