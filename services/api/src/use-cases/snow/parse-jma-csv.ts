import iconv from 'iconv-lite';
import { decodeCsvFile } from '../council/decode-csv.ts';
import { CsvSyntaxError, parseCsvLines } from '../council/parse-csv.ts';
import type { BilingualText } from '@sasaeai/contracts';

/**
 * Observed snowfall from the Japan Meteorological Agency's 過去の気象データ・ダウンロード CSV
 * (「ダウンロードファイル(CSVファイル)の形式」): Shift_JIS; line 1 the download time, line 2 blank,
 * then header rows — station names, item names (降雪量合計(cm), 最深積雪(cm), …) and, when those
 * options were chosen, a row naming the extra columns 現象なし情報 / 品質情報 / 均質番号 — then one
 * row per day starting yyyy/m/d. Columns are found by their headers, never by position.
 */
export interface JmaDay {
  /** ISO date. */
  date: string;
  /** The day's new snow in cm; null when the JMA marks the value missing. */
  snowfallCm: number | null;
  line: number;
}

export class JmaCsvError extends Error {
  constructor(
    readonly line: number,
    readonly reason: BilingualText,
  ) {
    super(`line ${String(line)}: ${reason.en}`);
  }
}

const SNOWFALL_ITEM = '降雪量合計';
const optionNames = ['現象なし情報', '品質情報', '均質番号'];
const dayPattern = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const numberPattern = /^\d+(\.\d+)?$/;
/** 品質情報 1 (欠測) and 0 (観測せず) mean there is no value to use. */
const MISSING_QUALITY = 1;
const MAX_DAYS = 1_000;

interface Row {
  cells: string[];
  line: number;
}

function rowsOf(bytes: Buffer): Row[] {
  // The file as JMA serves it is Shift_JIS; a pasted copy arrives as UTF-8 (valid UTF-8 is
  // read as such, as the district import does).
  const text = decodeCsvFile(bytes) ?? iconv.decode(bytes, 'Shift_JIS');
  try {
    return parseCsvLines(text).map(({ cells, line }) => ({
      cells: cells.map((cell) => cell.trim()),
      line,
    }));
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new JmaCsvError(error.line, {
      ja: 'CSVとして読めません（引用符の閉じ忘れなど）。',
      en: 'This cannot be read as CSV (e.g. an unclosed quote).',
    });
  }
}

function isoDay(cell: string): string | null {
  const match = dayPattern.exec(cell);
  if (!match) return null;
  const [, y, m, d] = match;
  const iso = `${y!}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

interface Columns {
  value: number;
  noPhenomenon: number | null;
  quality: number | null;
}

/** The station's 降雪量合計 column and its companions, from the header rows. */
function columnsOf(headers: Row[], station: string): Columns {
  const [stations, items] = headers;
  if (!stations || !items) {
    throw new JmaCsvError(headers[0]?.line ?? 3, {
      ja: '見出し行（地点名と項目名）がありません。',
      en: 'The header rows (station and item names) are missing.',
    });
  }
  const options = headers
    .slice(2)
    .find((row) => row.cells.some((cell) => optionNames.includes(cell)));
  const find = (option: string) =>
    stations.cells.findIndex(
      (name, index) =>
        index > 0 &&
        name === station &&
        (items.cells[index] ?? '').startsWith(SNOWFALL_ITEM) &&
        (options?.cells[index] ?? '') === option,
    );
  if (!stations.cells.includes(station)) {
    throw new JmaCsvError(stations.line, {
      ja: `地点「${station}」の列がありません。`,
      en: `There is no column for the station “${station}”.`,
    });
  }
  const value = find('');
  if (value < 0) {
    throw new JmaCsvError(items.line, {
      ja: `「${station}」の「降雪量合計(cm)」の列がありません。`,
      en: `There is no 降雪量合計(cm) (total snowfall) column for “${station}”.`,
    });
  }
  const at = (option: string) => {
    const index = find(option);
    return index < 0 ? null : index;
  };
  return { value, noPhenomenon: at('現象なし情報'), quality: at('品質情報') };
}

function snowfallOf(row: Row, columns: Columns): number | null {
  if (row.cells.length <= columns.value) {
    throw new JmaCsvError(row.line, {
      ja: '列が足りません。',
      en: 'This line has too few columns.',
    });
  }
  const value = row.cells[columns.value]!;
  const quality = columns.quality === null ? '' : (row.cells[columns.quality] ?? '');
  if (quality !== '' && !/^\d$/.test(quality)) {
    throw new JmaCsvError(row.line, {
      ja: `品質情報「${quality}」が読めません。`,
      en: `The quality flag “${quality}” cannot be read.`,
    });
  }
  if (quality !== '' && Number(quality) <= MISSING_QUALITY) return null;
  if (value === '') {
    const none = columns.noPhenomenon === null ? '' : row.cells[columns.noPhenomenon];
    return none === '1' ? 0 : null;
  }
  if (!numberPattern.test(value)) {
    throw new JmaCsvError(row.line, {
      ja: `降雪量「${value}」が数値ではありません。`,
      en: `The snowfall “${value}” is not a number.`,
    });
  }
  return Math.round(Number(value));
}

/** Every day in the file with its snowfall; throws JmaCsvError naming the first bad line. */
export function parseJmaSnowfall(bytes: Buffer, station: string): JmaDay[] {
  const rows = rowsOf(bytes);
  const [first, second] = rows;
  if (!first?.cells[0]?.startsWith('ダウンロードした時刻')) {
    throw new JmaCsvError(1, {
      ja: '1行目が「ダウンロードした時刻」ではありません。気象庁のCSV（Shift_JIS）をそのまま選んでください。',
      en: 'Line 1 is not the download time. Choose the JMA CSV (Shift_JIS) as downloaded.',
    });
  }
  if (!second || second.cells.some((cell) => cell !== '')) {
    throw new JmaCsvError(2, { ja: '2行目は空行のはずです。', en: 'Line 2 should be blank.' });
  }
  const firstData = rows.findIndex((row, index) => index >= 2 && dayPattern.test(row.cells[0]!));
  if (firstData < 0) {
    throw new JmaCsvError(rows.length, {
      ja: '日ごとのデータ行（yyyy/m/d で始まる行）がありません。',
      en: 'There are no daily rows (lines starting yyyy/m/d).',
    });
  }
  const columns = columnsOf(rows.slice(2, firstData), station);

  const days: JmaDay[] = [];
  for (const row of rows.slice(firstData)) {
    if (row.cells.every((cell) => cell === '')) continue;
    const date = isoDay(row.cells[0]!);
    if (!date) {
      throw new JmaCsvError(row.line, {
        ja: `日付「${row.cells[0]!}」が読めません（yyyy/m/d の形で）。`,
        en: `The date “${row.cells[0]!}” cannot be read (expected yyyy/m/d).`,
      });
    }
    const previous = days.at(-1);
    if (previous && previous.date >= date) {
      throw new JmaCsvError(row.line, {
        ja: '日付が前の行と同じか、前に戻っています。',
        en: 'The date repeats or goes back from the line before.',
      });
    }
    if (days.length >= MAX_DAYS) {
      throw new JmaCsvError(row.line, {
        ja: `一度に読めるのは${String(MAX_DAYS)}日分までです。`,
        en: `At most ${String(MAX_DAYS)} days can be imported at once.`,
      });
    }
    days.push({ date, snowfallCm: snowfallOf(row, columns), line: row.line });
  }
  return days;
}
