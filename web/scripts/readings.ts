/**
 * `pnpm readings`: regenerates src/lib/reading/readings.json, the reading table behind the
 * ふりがな switch, by running the kuromoji morphological analyser (IPADIC) over every Japanese
 * string the web shows (the ja dictionary) plus the extra words in readings-sources.json.
 * Corrections the analyser gets wrong or does not know are in readings-overrides.json.
 * Commit the result: the app reads the table as data and never runs the analyser.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import kuromoji from 'kuromoji';
import { format } from 'prettier';
import { ja } from '../src/lib/i18n/ja.ts';
import type { RubyPiece } from '../src/lib/reading/ruby.ts';

const here = dirname(fileURLToPath(import.meta.url));
const readingDir = join(here, '../src/lib/reading');
const dicPath = join(dirname(fileURLToPath(import.meta.resolve('kuromoji'))), '../dict');

const KANJI_RUN = /[\p{Script=Han}々〆ヶ]+|[^\p{Script=Han}々〆ヶ]+/gu;
const KANJI = /[\p{Script=Han}々〆ヶ]/u;

function toHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits a word's reading over its kanji runs, okurigana matched literally. */
export function align(surface: string, reading: string): RubyPiece[] | null {
  const parts = surface.match(KANJI_RUN) ?? [];
  const pattern = parts
    .map((p) => (KANJI.test(p) ? '(.+?)' : escapeRegExp(toHiragana(p))))
    .join('');
  const match = new RegExp(`^${pattern}$`, 'u').exec(toHiragana(reading));
  if (!match) return null;
  let group = 1;
  return parts.map((p) => (KANJI.test(p) ? ([p, match[group++]!] as const) : ([p] as const)));
}

function tokenizer(): Promise<kuromoji.Tokenizer<kuromoji.IpadicFeatures>> {
  return new Promise((resolve, reject) => {
    kuromoji.builder({ dicPath }).build((err, built) => (err ? reject(err) : resolve(built)));
  });
}

const sources: string[] = [
  ...Object.values(ja),
  ...(JSON.parse(readFileSync(join(readingDir, 'readings-sources.json'), 'utf8')) as string[]),
];
const overrides = JSON.parse(
  readFileSync(join(readingDir, 'readings-overrides.json'), 'utf8'),
) as Record<string, RubyPiece[]>;

const analyser = await tokenizer();
const counts = new Map<string, Map<string, number>>();
const unknown = new Set<string>();

for (const source of sources) {
  // Placeholders ({count}, {name}) become a number, so a counter after one reads as one.
  const text = source.replace(/\{\w+\}/g, '1');
  const tokens = analyser.tokenize(text);
  tokens.forEach((token, index) => {
    const surface = token.surface_form;
    if (!KANJI.test(surface)) return;
    const previous = tokens[index - 1];
    const key =
      previous?.pos_detail_1 === '数' && !KANJI.test(previous.surface_form)
        ? `#${surface}`
        : surface;
    const pieces = token.reading && token.reading !== '*' ? align(surface, token.reading) : null;
    if (!pieces) {
      unknown.add(surface);
      return;
    }
    const serialised = JSON.stringify(pieces);
    const seen = counts.get(key) ?? new Map<string, number>();
    seen.set(serialised, (seen.get(serialised) ?? 0) + 1);
    counts.set(key, seen);
  });
}

const words: Record<string, RubyPiece[]> = {};
for (const key of [...counts.keys()].sort()) {
  const [best] = [...counts.get(key)!.entries()].sort((a, b) => b[1] - a[1]);
  words[key] = JSON.parse(best![0]) as RubyPiece[];
}
for (const [key, pieces] of Object.entries(overrides)) {
  if (key.startsWith('//')) continue;
  words[key] = pieces;
  unknown.delete(key.replace(/^#/, ''));
}

const target = join(readingDir, 'readings.json');
writeFileSync(target, await format(JSON.stringify({ words }), { filepath: target }));
console.log(`readings: ${Object.keys(words).length} words from ${sources.length} strings`);
if (unknown.size > 0) {
  console.log(`no reading (add to readings-overrides.json): ${[...unknown].join(' ')}`);
}
