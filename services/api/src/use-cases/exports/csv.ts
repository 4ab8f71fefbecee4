import { pipeline, Readable, type Transform } from 'node:stream';
import { stringify as stringifyStream } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';

/**
 * The one way Sasaeai writes CSV: UTF-8 with a BOM (so Excel reads the Japanese), CRLF line
 * ends, and `escape_formulas`: a text cell a spreadsheet would run as a formula (starting with
 * = + - @, tab or CR, or their full-width forms) is prefixed with `'`. Numbers stay numbers.
 */
export const CSV_OPTIONS = {
  bom: true,
  record_delimiter: 'windows',
  escape_formulas: true,
} as const;

export type CsvCell = string | number | boolean | null | undefined;

/** A small CSV held in memory: the header row, then the records. */
export function csvText(
  header: readonly string[],
  records: readonly (readonly CsvCell[])[],
): string {
  return stringify([header, ...records], CSV_OPTIONS);
}

/**
 * A CSV written as its records arrive (one batch of a database cursor at a time), so an export
 * of the whole city never holds more than a batch in memory. Joined with `pipeline`, so when the
 * download ends early (the client went away) the source is destroyed too: its generator returns
 * and the cursor under it closes instead of waiting forever. The source's errors end the stream.
 */
export function csvStream(
  header: readonly string[],
  records: AsyncIterable<readonly CsvCell[]>,
): Transform {
  const source = Readable.from(
    (async function* () {
      yield header;
      yield* records;
    })(),
  );
  // The error, if any, reaches whoever reads the returned stream (it is destroyed with it).
  return pipeline(source, stringifyStream(CSV_OPTIONS), () => {});
}
