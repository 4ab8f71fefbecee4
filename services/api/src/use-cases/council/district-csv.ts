import { DistrictNameEn, freeText, type BilingualText, type FieldError } from '@sasaeai/contracts';
import type { z } from 'zod';
import { fieldMessage } from '../../errors/field-messages.ts';
import { CsvSyntaxError, parseCsvLines } from './parse-csv.ts';

/** `name_en` is optional: a file of the first five columns still imports (see nameEn). */
const COLUMNS = ['code', 'name', 'kana', 'lat', 'lon', 'name_en'] as const;
const REQUIRED_COLUMNS = COLUMNS.length - 1;
const columnJa: Record<(typeof COLUMNS)[number], string> = {
  code: '地区コード',
  name: '地区名',
  kana: 'よみがな',
  lat: '緯度',
  lon: '経度',
  name_en: '英語の地区名',
};

/** A name or kana cell: one line of text (the whole CSV may hold tabs, a cell may not). */
const DistrictNameCell = freeText({ min: 1, max: 100 });

export interface DistrictInput {
  code: string;
  name: string;
  /** null: the file had no `name_en` column (an update keeps the name; a new district is named from its code). */
  nameEn: string | null;
  kana: string;
  lat: number;
  lon: number;
}

/** U+FFFD is what a wrong decoding leaves; importing it would overwrite a good name. */
const GARBLED: BilingualText = {
  ja: '文字化けしています。ファイルを UTF-8 か Shift_JIS で保存し直してください。',
  en: 'The text is garbled. Save the file again as UTF-8 or Shift_JIS.',
};

/** What is wrong with a text cell, or null; the cell's schema trims and refuses control characters. */
function textProblem(value: string, schema: z.ZodType, max: number): BilingualText | null {
  if (value.includes('\uFFFD')) return GARBLED;
  const problem = schema.safeParse(value).error?.issues[0];
  if (!problem) return null;
  return problem.code === 'custom'
    ? fieldMessage({ keyword: problem.code, message: problem.message })
    : {
        ja: `1〜${String(max)}文字で入力してください。`,
        en: `Enter 1 to ${String(max)} characters.`,
      };
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
  const header = first?.cells.map((cell) => cell.trim().toLowerCase()).join(',');
  const body =
    header === COLUMNS.join(',') || header === COLUMNS.slice(0, REQUIRED_COLUMNS).join(',')
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
    if (cells.length !== COLUMNS.length && cells.length !== REQUIRED_COLUMNS) {
      errors.push(
        lineError(line, 'row', {
          ja: `列の数が${String(cells.length)}です（code,name,kana,lat,lon の5列、または name_en を足した6列が必要です）。`,
          en: `Has ${String(cells.length)} columns; expected 5 (code,name,kana,lat,lon) or 6 with name_en.`,
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
    const nameEnCell = cells[REQUIRED_COLUMNS];
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
    for (const [column, value, schema, max] of [
      ['name', name, DistrictNameCell, 100],
      ['kana', kana, DistrictNameCell, 100],
      ...(nameEnCell === undefined ? [] : [['name_en', nameEnCell, DistrictNameEn, 80] as const]),
    ] as const) {
      const problem = textProblem(value, schema, max);
      if (problem) errors.push(lineError(line, column, problem));
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
    if (errors.length === before) {
      const nameEn = nameEnCell === undefined ? null : DistrictNameEn.parse(nameEnCell);
      rows.push({ code, name, nameEn, kana, lat, lon });
    }
  }
  return { rows, errors };
}
