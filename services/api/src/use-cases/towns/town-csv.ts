import { TownName, freeText, type BilingualText, type FieldError } from '@sasaeai/contracts';
import { CsvSyntaxError, parseCsvLines } from '../council/parse-csv.ts';

type Column = 'town' | 'kana' | 'district' | 'needs_jo';
const columnJa: Record<Column, string> = {
  town: '町名',
  kana: 'よみがな',
  district: '地区コード',
  needs_jo: '条が必要',
};
const KanaCell = freeText({ max: 60 });
const YES = new Set(['1', 'true', 'yes', 'はい', '要']);
const NO = new Set(['', '0', 'false', 'no', 'いいえ']);

export interface TownInput {
  town: string;
  kana: string;
  district: string;
  needsJo: boolean;
}

function lineError(line: number, column: Column | 'row', problem: BilingualText): FieldError {
  const where =
    column === 'row'
      ? { ja: `${String(line)}行目`, en: `Line ${String(line)}` }
      : {
          ja: `${String(line)}行目の${columnJa[column]}(${column})`,
          en: `Line ${String(line)}, ${column}`,
        };
  return {
    field: `csv.line${String(line)}${column === 'row' ? '' : `.${column}`}`,
    message: { ja: `${where.ja}：${problem.ja}`, en: `${where.en}: ${problem.en}` },
  };
}

/**
 * Validates a town table CSV (town,kana,district[,needs_jo]; a header line is optional) against
 * the district codes that exist; returns the rows or every problem found, by 1-based line.
 */
export function validateTownCsv(
  text: string,
  districtCodes: ReadonlySet<string>,
): { rows: TownInput[]; errors: FieldError[] } {
  let parsed: { cells: string[]; line: number }[];
  try {
    parsed = parseCsvLines(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    const problem = {
      ja: '引用符（"）が 閉じていないか、セルの 途中に あります。',
      en: 'A quotation mark (") is not closed or stands inside a cell.',
    };
    return { rows: [], errors: [lineError(error.line, 'row', problem)] };
  }
  const nonEmpty = parsed.filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));
  const header = nonEmpty[0]?.cells.map((cell) => cell.trim().toLowerCase()) ?? [];
  const body = header[0] === 'town' ? nonEmpty.slice(1) : nonEmpty;
  const errors: FieldError[] = [];
  const rows: TownInput[] = [];
  const seen = new Map<string, number>();
  if (body.length === 0) {
    errors.push({
      field: 'csv',
      message: { ja: '町名の行がありません。', en: 'There are no town rows.' },
    });
  }
  for (const { cells, line } of body) {
    if (cells.length < 3 || cells.length > 4) {
      errors.push(
        lineError(line, 'row', {
          ja: `列の数が${String(cells.length)}です（town,kana,district[,needs_jo] の3〜4列が必要です）。`,
          en: `Has ${String(cells.length)} columns; expected 3 or 4 (town,kana,district[,needs_jo]).`,
        }),
      );
      continue;
    }
    const before = errors.length;
    const town = TownName.safeParse(cells[0] ?? '');
    const kana = KanaCell.safeParse(cells[1] ?? '');
    const district = (cells[2] ?? '').trim();
    const flag = (cells[3] ?? '').trim().toLowerCase();
    if (!town.success || town.data.includes('\uFFFD')) {
      errors.push(
        lineError(line, 'town', {
          ja: '1〜40文字の町名を、改行や制御文字なしで入力してください。',
          en: 'Enter a town name of 1 to 40 characters, without line breaks or control characters.',
        }),
      );
    } else if (seen.has(town.data)) {
      errors.push(
        lineError(line, 'town', {
          ja: `${String(seen.get(town.data))}行目と同じ町名です。`,
          en: `The same town as line ${String(seen.get(town.data))}.`,
        }),
      );
    } else seen.set(town.data, line);
    if (!kana.success || kana.data.includes('\uFFFD')) {
      errors.push(
        lineError(line, 'kana', {
          ja: '60文字以内で、改行や制御文字なしで入力してください。',
          en: 'Enter at most 60 characters, without line breaks or control characters.',
        }),
      );
    }
    if (!districtCodes.has(district)) {
      errors.push(
        lineError(line, 'district', {
          ja: 'この地区コードはありません（地区の一覧のコードを使ってください）。',
          en: 'No district has this code (use a code from the district list).',
        }),
      );
    }
    if (!YES.has(flag) && !NO.has(flag)) {
      errors.push(
        lineError(line, 'needs_jo', {
          ja: '1 か 0（空欄は 0）で入力してください。',
          en: 'Enter 1 or 0 (empty means 0).',
        }),
      );
    }
    if (errors.length === before && town.success && kana.success) {
      rows.push({ town: town.data, kana: kana.data, district, needsJo: YES.has(flag) });
    }
  }
  return { rows, errors };
}
