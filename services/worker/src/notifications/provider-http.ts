import type { SendResult } from './channel.ts';

/** How long one provider call may take; a notification's claim lease is much longer. */
export const PROVIDER_TIMEOUT_MS = 10_000;

/** A 429's `Retry-After` (seconds or an HTTP date) in milliseconds, capped at an hour. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return Math.min(ms, 3_600_000);
}

/** A provider's numeric error code from its JSON error body (Twilio `code`), if any. */
async function errorCodeOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { code?: unknown };
    return typeof body.code === 'number' ? ` ${String(body.code)}` : '';
  } catch {
    return '';
  }
}

/**
 * An HTTP answer that is not a success, as a send result: 429 and 5xx try again later (after
 * the provider's Retry-After, if longer than our own pause), any other 4xx never will — fall
 * back. The reason is the status and the provider's numeric code (`sms 400 21211`); a
 * provider's text may quote the number, so it is never kept.
 */
export async function classifyHttpFailure(name: string, response: Response): Promise<SendResult> {
  const reason = `${name} ${String(response.status)}${await errorCodeOf(response)}`;
  if (response.status === 429) {
    const after = retryAfterMs(response.headers.get('retry-after'));
    return { outcome: 'retry', reason, ...(after !== undefined ? { retryAfterMs: after } : {}) };
  }
  if (response.status >= 500) return { outcome: 'retry', reason };
  return { outcome: 'permanent', reason };
}

/** fetch failing before an answer: a timeout or a connection error; both retry. */
export function classifyFetchError(name: string, error: unknown): SendResult {
  const kind =
    error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
      ? 'timeout'
      : 'connection';
  return { outcome: 'retry', reason: `${name} ${kind}` };
}
