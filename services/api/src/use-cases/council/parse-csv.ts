import { parse } from 'csv-parse/sync';

/** A CSV the parser cannot read (a stray or unclosed quote), with the line it stopped at. */
export class CsvSyntaxError extends Error {
  constructor(readonly line: number) {
    super(`CSV syntax error at line ${String(line)}`);
  }
}

/**
 * Splits CSV text into rows of cells with their 1-based line (csv-parse: RFC 4180 quoting, CRLF
 * or LF, a leading BOM dropped, rows of any length).
 */
export function parseCsvLines(text: string): { cells: string[]; line: number }[] {
  try {
    const records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map(({ record, info }) => ({ cells: record, line: info.lines }));
  } catch (error) {
    throw new CsvSyntaxError((error as { lines?: number }).lines ?? 1);
  }
}

/** The rows' cells only. */
export function parseCsv(text: string): string[][] {
  return parseCsvLines(text).map((row) => row.cells);
}
