/**
 * Honest waiting (issue 14): how long a request has waited, in plain words, and whether it is
 * still waiting at all. Browser-safe, no I/O; the page passes the server's "now".
 */
import type { Locale, RequestStatus } from '@sasaeai/contracts';

/** Statuses in which the resident is waiting for a helper to be found. */
const waitingStatuses: readonly RequestStatus[] = ['open', 'matching', 'unmatched'];

export const isWaiting = (status: RequestStatus): boolean => waitingStatuses.includes(status);

/** Whole minutes from `sinceIso` to `nowMs` (0 for a future or unreadable instant). */
export function minutesWaited(sinceIso: string, nowMs: number): number {
  const since = Date.parse(sinceIso);
  if (Number.isNaN(since) || !Number.isFinite(nowMs)) return 0;
  return Math.max(0, Math.floor((nowMs - since) / 60_000));
}

/** 「1時間10分」「2日と3時間」「5分」 / "1 hour 10 minutes", "2 days 3 hours", "5 minutes". */
export function waitedWords(locale: Locale, minutes: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(minutes) ? minutes : 0));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (locale === 'ja') {
    if (days > 0) return hours > 0 ? `${days}日と${hours}時間` : `${days}日`;
    if (hours > 0) return mins > 0 ? `${hours}時間${mins}分` : `${hours}時間`;
    return `${mins}分`;
  }
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (days > 0)
    return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0) {
    return mins > 0 ? `${unit(hours, 'hour')} ${unit(mins, 'minute')}` : unit(hours, 'hour');
  }
  return unit(mins, 'minute');
}
