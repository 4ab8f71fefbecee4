import type { CsvCell } from './csv.ts';

/** An export before it is written: its header and its records as they are read. */
export interface ExportSource {
  header: readonly string[];
  rows: AsyncIterable<readonly CsvCell[]>;
}
