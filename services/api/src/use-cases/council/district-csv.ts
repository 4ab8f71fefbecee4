import { freeText, type BilingualText, type FieldError } from '@sasaeai/contracts';
import { fieldMessage } from '../../errors/field-messages.ts';
import { CsvSyntaxError, parseCsvLines } from './parse-csv.ts';

const COLUMNS = ['code', 'name', 'kana', 'lat', 'lon'] as const;
const columnJa: Record<(typeof COLUMNS)[number], string> = {
  code: '地区コード',
  name: '地区名',
  kana: 'よみがな',
  lat: '緯度',
  lon: '経度',
};

/** A name or kana cell: one line of text (the whole CSV may hold tabs, a cell may not). */
const DistrictNameCell = freeText({ min: 1, max: 100 });

interface DistrictInput {
  code: string;
  name: string;
  kana: string;
  lat: number;
  lon: number;
}

function lineError(
  line: number,
  column: (typeof COLUMNS)[number] | 'row',
  problem: BilingualText,
): FieldError {
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

/** Validates every row; returns the districts or every problem found (line numbers 1-based). */
export function validateDistrictCsv(text: string): { rows: DistrictInput[]; errors: FieldError[] } {
  let parsed: { cells: string[]; line: number }[];
  try {
    parsed = parseCsvLines(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return {
      rows: [],
      errors: [
        lineError(error.line, 'row', {
          ja: '引用符（"）が 閉じていないか、セルの 途中に あります。',
          en: 'A quotation mark (") is not closed or stands inside a cell.',
        }),
      ],
    };
  }
  const nonEmpty = parsed.filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));
  const first = nonEmpty[0];
  const body =
    first && first.cells.map((cell) => cell.trim().toLowerCase()).join(',') === COLUMNS.join(',')
      ? nonEmpty.slice(1)
      : nonEmpty;
  const errors: FieldError[] = [];
  const rows: DistrictInput[] = [];
  const seen = new Map<string, number>();
  if (body.length === 0) {
    errors.push({
      field: 'csv',
      message: { ja: '地区の行がありません。', en: 'There are no district rows.' },
    });
  }
  for (const { cells, line } of body) {
    if (cells.length !== COLUMNS.length) {
      errors.push(
        lineError(line, 'row', {
          ja: `列の数が${String(cells.length)}です（code,name,kana,lat,lon の5列が必要です）。`,
          en: `Has ${String(cells.length)} columns; expected 5 (code,name,kana,lat,lon).`,
        }),
      );
      continue;
    }
    const [code, name, kana, latText, lonText] = cells.map((cell) => cell.trim()) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const before = errors.length;
    if (!/^[a-z0-9-]{1,40}$/.test(code)) {
      errors.push(
        lineError(line, 'code', {
          ja: '半角英小文字・数字・ハイフン（40文字以内）で入力してください。',
          en: 'Use lower-case letters, digits and hyphens (at most 40).',
        }),
      );
    } else if (seen.has(code)) {
      errors.push(
        lineError(line, 'code', {
          ja: `${String(seen.get(code))}行目と同じコードです。`,
          en: `The same code as line ${String(seen.get(code))}.`,
        }),
      );
    } else seen.set(code, line);
    for (const [column, value] of [
      ['name', name],
      ['kana', kana],
    ] as const) {
      const problem = DistrictNameCell.safeParse(value).error?.issues[0];
      if (value.includes('\uFFFD')) {
        // U+FFFD is what a wrong decoding leaves; importing it would overwrite a good name.
        errors.push(
          lineError(line, column, {
            ja: '文字化けしています。ファイルを UTF-8 か Shift_JIS で保存し直してください。',
            en: 'The text is garbled. Save the file again as UTF-8 or Shift_JIS.',
          }),
        );
      } else if (problem) {
        errors.push(
          lineError(
            line,
            column,
            problem.code === 'custom'
              ? fieldMessage({ keyword: problem.code, message: problem.message })
              : { ja: '1〜100文字で入力してください。', en: 'Enter 1 to 100 characters.' },
          ),
        );
      }
    }
    const lat = Number(latText);
    const lon = Number(lonText);
    if (latText === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
      errors.push(
        lineError(line, 'lat', {
          ja: '-90〜90の数値で入力してください。',
          en: 'Enter a number from -90 to 90.',
        }),
      );
    }
    if (lonText === '' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
      errors.push(
        lineError(line, 'lon', {
          ja: '-180〜180の数値で入力してください。',
          en: 'Enter a number from -180 to 180.',
        }),
      );
    }
    if (errors.length === before) rows.push({ code, name, kana, lat, lon });
  }
  return { rows, errors };
}
