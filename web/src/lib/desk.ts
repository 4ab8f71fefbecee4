/**
 * The coordinator desk's filters and words shared by its page and load (browser-safe, no I/O).
 */
import type { DeskSort, Locale, RequestStatus } from '@sasaeai/contracts';
import { t } from './i18n/index.ts';

export const deskFilterNames = [
  'q',
  'status',
  'category',
  'district',
  'from',
  'to',
  'sort',
  'dir',
  'page',
] as const;
export type DeskFilterName = (typeof deskFilterNames)[number];

/** Statuses in the order of the help loop, for the status filter. */
export const deskStatuses = [
  'open',
  'matching',
  'proposed',
  'approved',
  'accepted',
  'done',
  'unmatched',
  'cancelled',
] as const satisfies readonly RequestStatus[];

export const deskSortColumns = [
  'status',
  'category',
  'window',
  'district',
  'waiting',
] as const satisfies readonly DeskSort[];

/** The order a column sorts in when first chosen (the API's defaults). */
export const firstDirection = (sort: DeskSort): 'asc' | 'desc' =>
  sort === 'window' || sort === 'created' ? 'desc' : 'asc';

/**
 * The desk's URL (`base` is its resolved path) with some filters changed; empty ones are left
 * out, and the page resets unless it is among the changes.
 */
export function deskHref(
  base: string,
  filters: Partial<Record<DeskFilterName, string>>,
  changes: Partial<Record<DeskFilterName, string>>,
): string {
  const merged = { ...filters, page: '', ...changes };
  const query = new URLSearchParams(
    Object.entries(merged).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
  return query ? `${base}?${query}` : base;
}

/** How long a request has waited: 「2日3時間」, 「45分」 / "2 d 3 h", "45 min". */
export function formatWaiting(locale: Locale, sinceIso: string, nowIso: string): string {
  const minutes = Math.max(0, Math.floor((Date.parse(nowIso) - Date.parse(sinceIso)) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return t(locale, 'desk.waited.days', { days, hours });
  if (hours > 0) return t(locale, 'desk.waited.hours', { hours, minutes: minutes % 60 });
  return t(locale, 'desk.waited.minutes', { minutes });
}
