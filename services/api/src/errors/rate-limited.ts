import { AppError } from './app-error.ts';

/** A 429 that says when to try again: `Retry-After` in seconds, the message in minutes. */
export function rateLimited(retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  const minutes = Math.ceil(seconds / 60);
  return new AppError(
    'rate_limited',
    {
      ja: `回数が多すぎます。${String(minutes)}分ほど待ってから、もう一度お試しください。`,
      en: `Too many attempts. Please try again in ${String(minutes)} minute${minutes === 1 ? '' : 's'}.`,
    },
    undefined,
    seconds,
  );
}
