/**
 * Which district (地区) an Asahikawa street address lies in: the resident types an address and
 * the district is derived from it, never typed.
 *
 * The town → district rules are data (the `town_districts` table council staff edit; its seed
 * is packages/db/src/seed/towns-data.ts) and are passed in. Address kinds:
 * - 「永山3条5丁目2-10」: town + N条 + M丁目 (+ 番-号)
 * - 「5条通9丁目3-12」: the city-centre grid; 1–16丁目 is 中央, 17丁目 and beyond is 大成
 * - 「西神楽4線10号」: rural grid (線・号)
 * - 「錦町3丁目」: a plain 町 with 丁目
 * - 「江丹別町中央120番地」: a rural 町 with a locality and 番地
 *
 * Town names are matched at the start of the address (after an optional 〒 code, 「北海道」 and
 * 「旭川市」), longest name first: 東旭川北 before 東, 神楽岡 before 神楽, 春光台 before 春光.
 */

export interface TownRule {
  town: string;
  district: string;
  /**
   * The town name alone is too short to trust (「東」 is also the start of 東神楽町, a
   * neighbouring town): it counts only when 「N条」 follows.
   */
  needsJo?: boolean;
}

/** The town table (from the database's `town_districts`, or the seed in tests). */
export type TownRules = readonly TownRule[];

/** The city-centre grid 「N条通M丁目」: up to this 丁目 it is 中央, beyond it 大成. */
export const CHUO_LAST_CHOME = 16;

const sorted = new WeakMap<TownRules, TownRule[]>();

/** The rules longest town first (東旭川北 before 東), normalised like addresses; memoised. */
function longestFirst(rules: TownRules): TownRule[] {
  let list = sorted.get(rules);
  if (!list) {
    list = rules
      .map((rule) => ({ ...rule, town: normaliseAddress(rule.town) }))
      .filter((rule) => rule.town !== '')
      .sort((a, b) => b.town.length - a.town.length);
    sorted.set(rules, list);
  }
  return list;
}

const KANJI_DIGITS: Record<string, number> = {
  〇: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 「二十三」→ 23, 「十」→ 10, 「五」→ 5 (numbers below 100, as in 条・丁目・線・号). */
function kanjiNumber(text: string): number | null {
  const digit = (c: string | undefined) => (c === undefined ? undefined : KANJI_DIGITS[c]);
  const ten = text.indexOf('十');
  if (ten === -1) {
    const value = digit(text);
    return text.length === 1 && value !== undefined ? value : null;
  }
  const before = text.slice(0, ten);
  const after = text.slice(ten + 1);
  if (before.length > 1 || after.length > 1) return null;
  const tens = before === '' ? 1 : digit(before);
  const ones = after === '' ? 0 : digit(after);
  if (tens === undefined || ones === undefined || tens === 0) return null;
  return tens * 10 + ones;
}

/** Full-width to ASCII (NFKC), no spaces, kanji numerals before 条・丁目・線・号 as digits. */
export function normaliseAddress(address: string): string {
  return address
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[ー－‐―−]/g, (dash, offset, whole: string) =>
      // A long-vowel mark inside katakana (スノーダンプ) stays; a dash between digits is a hyphen.
      /\d/.test(whole[offset - 1] ?? '') ? '-' : dash,
    )
    .replace(/[ヶケヵ](?=丘)/g, 'が')
    .replace(/([〇一二三四五六七八九十]+)(?=条|丁目|線|号)/g, (numeral: string) => {
      const value = kanjiNumber(numeral);
      return value === null ? numeral : String(value);
    });
}

/** Strips a postcode, 「北海道」 and 「旭川市」; null when the address names another municipality. */
function withinAsahikawa(normalised: string): string | null {
  const rest = normalised.replace(/^〒?\d{3}-?\d{4}/, '').replace(/^北海道/, '');
  const city = /^旭川市?/.exec(rest);
  if (city) return rest.slice(city[0].length);
  // 「上川郡東神楽町…」「札幌市中央区…」: another municipality.
  if (/^[^\d]{1,6}?[市郡]/.test(rest)) return null;
  return rest;
}

/**
 * True when the address names another municipality (「札幌市…」「上川郡東神楽町…」) or is empty:
 * no district of this city can take it, so it is refused rather than left for a coordinator.
 */
export function outsideAsahikawa(address: string): boolean {
  const rest = withinAsahikawa(normaliseAddress(address));
  return rest === null || rest === '';
}

/**
 * The district code for an Asahikawa street address, or null when it cannot be told (another
 * town, a town not in the table, or 「N条通」 without its 丁目).
 */
export function districtForAddress(address: string, rules: TownRules): string | null {
  const rest = withinAsahikawa(normaliseAddress(address));
  if (rest === null || rest === '') return null;

  const grid = /^(\d+)条通(\d+)?/.exec(rest);
  if (grid) {
    const chome = grid[2] === undefined ? null : Number(grid[2]);
    if (chome === null || chome < 1) return null;
    return chome <= CHUO_LAST_CHOME ? 'chuo' : 'taisei';
  }

  for (const rule of longestFirst(rules)) {
    if (!rest.startsWith(rule.town)) continue;
    if (rule.needsJo && !/^\d+条/.test(rest.slice(rule.town.length))) continue;
    return rule.district;
  }
  return null;
}
