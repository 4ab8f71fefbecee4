import type { ReportFigures } from '@sasaeai/contracts';

export const exportKinds = ['requests', 'matches', 'volunteers', 'residents', 'activity'] as const;
export type ExportKindName = (typeof exportKinds)[number];

/** The API's CSV download for a kind, with the filters that apply to it (empty ones left out). */
export function exportHref(kind: ExportKindName, filters: Record<string, string> = {}): string {
  const query = new URLSearchParams(
    Object.entries(filters).filter(([, value]) => value.trim() !== ''),
  ).toString();
  return `/api/desk/exports/${kind}.csv${query ? `?${query}` : ''}`;
}

/** The report's figures in the order the page and the CSV show them. */
export const figureKeys = [
  'requests',
  'matched',
  'completed',
  'cancelled',
  'waiting',
  'activeVolunteers',
  'activities',
  'hours',
  'personHours',
  'residentsHelped',
  'newVolunteers',
  'newResidents',
  'concerns',
] as const satisfies readonly (keyof ReportFigures)[];

export const requestFigureKeys = [
  'requests',
  'matched',
  'completed',
  'cancelled',
  'waiting',
] as const satisfies readonly (keyof ReportFigures)[];

/** 「2026-11」, the report's month field, for a date. */
export function monthOf(date: Date): string {
  const jst = new Date(date.getTime() + 9 * 3_600_000);
  return jst.toISOString().slice(0, 7);
}
