/** Scale helpers shared by the server-rendered SVG charts (no I/O, no browser APIs). */
import type { Locale } from '@sasaeai/contracts';

/** What every chart is given: its id, its accessible name and description, and its data. */
export interface ChartProps<Value> {
  /** Prefix of the chart's element ids (`<id>-title`, `<id>-desc`, …); unique on the page. */
  id: string;
  title: string;
  desc: string;
  labels: readonly string[];
  series: readonly { name: string; values: readonly Value[] }[];
  locale: Locale;
  unit?: string | undefined;
}

/** A round upper bound for an axis: 1, 2, 2.5 or 5 × 10^n at or above `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

/** `count + 1` evenly spaced ticks from 0 to `top`. */
export function ticks(top: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (top * i) / count);
}

/** Series styles: told apart by line pattern and marker shape as well as colour. */
export const seriesStyles = [
  { colour: '#0b5565', dash: undefined, marker: 'circle' },
  { colour: '#8a4b00', dash: '8 5', marker: 'square' },
  { colour: '#5b3a8a', dash: '2 4', marker: 'diamond' },
] as const;

export type SeriesStyle = (typeof seriesStyles)[number];

export function styleOf(index: number): SeriesStyle {
  return seriesStyles[index % seriesStyles.length]!;
}
