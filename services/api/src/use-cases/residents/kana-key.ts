import { sql, type SQL } from 'drizzle-orm';

/** Small kana and the large kana they are mistaken for (ァ/ぁ → あ, ッ/っ → つ …). */
const SMALL_TO_LARGE: Record<string, string> = {
  ぁ: 'あ',
  ぃ: 'い',
  ぅ: 'う',
  ぇ: 'え',
  ぉ: 'お',
  っ: 'つ',
  ゃ: 'や',
  ゅ: 'ゆ',
  ょ: 'よ',
  ゎ: 'わ',
  ゕ: 'か',
  ゖ: 'け',
};

function hiraganaOf(char: string): string {
  const code = char.charCodeAt(0);
  return code >= 0x30a1 && code <= 0x30f6 ? String.fromCharCode(code - 0x60) : char;
}

/** Every katakana and small hiragana, and what each becomes in a kana key: one table for JS and SQL. */
const from: string[] = [];
const to: string[] = [];
for (let code = 0x30a1; code <= 0x30f6; code += 1) {
  const char = String.fromCharCode(code);
  const hira = hiraganaOf(char);
  from.push(char);
  to.push(SMALL_TO_LARGE[hira] ?? hira);
}
for (const [small, large] of Object.entries(SMALL_TO_LARGE)) {
  from.push(small);
  to.push(large);
}
const FROM = from.join('');
const TO = to.join('');
const table = new Map(from.map((char, i) => [char, to[i]!]));

/**
 * The kana of a name as duplicates compare it: NFKC (half-width ｶﾅ), no spaces, hiragana, small
 * kana as large, so 「ヤマダ ハナコ」 (any spacing), 「やまだはなこ」 and 「やまだ はなこ」 are the same key.
 */
export function kanaKey(kana: string): string {
  return [...kana.normalize('NFKC').replace(/\s+/gu, '')].map((c) => table.get(c) ?? c).join('');
}

/** The same key computed by PostgreSQL for a column. */
export function kanaKeySql(column: SQL | unknown): SQL {
  return sql`translate(regexp_replace(normalize(coalesce(${column}, ''), NFKC), '[[:space:]]+', '', 'g'), ${FROM}, ${TO})`;
}

/** A name compared for duplicates: NFKC, no spaces (「山田 花子」 = 「山田花子」). */
export function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '');
}

export function nameKeySql(column: SQL | unknown): SQL {
  return sql`regexp_replace(normalize(${column}, NFKC), '[[:space:]]+', '', 'g')`;
}
