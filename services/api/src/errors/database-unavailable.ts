/** The driver's codes for a connection that could not be made or was lost. */
const connectionCodes = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  // SQLSTATE: the server is shutting down, crashed, or still starting (recovery after a crash).
  '57P01',
  '57P02',
  '57P03',
]);

/**
 * Whether an error means PostgreSQL cannot be reached (refused, restarting, connection lost),
 * anywhere in the cause chain (drizzle wraps the driver's error), as opposed to a bug: such
 * requests answer 503, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && connectionCodes.has(code)) return true;
    const errors = (current as { errors?: unknown[] }).errors;
    current =
      Array.isArray(errors) && errors.length > 0
        ? errors[0]
        : (current as { cause?: unknown }).cause;
  }
  return false;
}
