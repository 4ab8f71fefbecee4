/**
 * ふりがな without a browser: every Japanese string of the web has a reading for every kanji
 * in the committed table (web/src/lib/reading/readings.json, made by `pnpm readings`), the
 * render-time cutter picks words and counters, and the preprocessor wraps only text positions.
 */
import { describe, expect, test } from 'vitest';
import { ja } from '../src/lib/i18n/ja.ts';
import { hasKanji, kanjiWithoutReading, rubySegments, rubyWith } from '../src/lib/reading/ruby.ts';
import { decodeReadingAids, encodeReadingAids } from '../src/lib/server/reading-aids.ts';
import { rubyPreprocess } from '../ruby-preprocess.js';

describe('the reading table', () => {
  test('covers every kanji of every Japanese string the pages show', () => {
    const missing = Object.entries(ja)
      .map(([key, text]) => [key, kanjiWithoutReading(text.replace(/\{\w+\}/g, '1'))] as const)
      .filter(([, kanji]) => kanji.length > 0)
      .map(([key, kanji]) => `${key}: ${kanji.join('')}`);
    expect(missing, 'run `pnpm readings` and add overrides for what it cannot read').toEqual([]);
  });

  test('reports kanji it has no reading for', () => {
    const empty = rubyWith({ words: {} });
    expect(kanjiWithoutReading('雪かき', empty('雪かき'))).toEqual(['雪']);
  });

  test('cuts words with okurigana and reads counters after numbers', () => {
    expect(rubySegments('手伝ってほしい')).toEqual([
      { text: '手伝', reading: 'てつだ' },
      { text: 'ってほしい' },
    ]);
    const cut = rubyWith({ words: { 人: [['人', 'ひと']], '#人': [['人', 'にん']] } });
    expect(cut('3人の 人')).toEqual([
      { text: '3' },
      { text: '人', reading: 'にん' },
      { text: 'の ' },
      { text: '人', reading: 'ひと' },
    ]);
    expect(rubySegments('abc')).toEqual([{ text: 'abc' }]);
    expect(hasKanji('ひらがな')).toBe(false);
  });
});

describe('the visitor cookie', () => {
  test('round-trips and falls back to the defaults on anything else', () => {
    const aids = { furigana: true, textSize: 'largest', highContrast: false } as const;
    expect(decodeReadingAids(encodeReadingAids(aids))).toEqual(aids);
    expect(decodeReadingAids('f1.huge.c0')).toEqual({
      furigana: false,
      textSize: 'normal',
      highContrast: false,
    });
    expect(decodeReadingAids(undefined).textSize).toBe('normal');
  });
});

describe('the ruby preprocessor', () => {
  const run = (content: string) =>
    rubyPreprocess().markup({ content, filename: '/x/Page.svelte' })?.code ?? content;

  test('wraps translated strings in text, not in attributes, <option> or <title>', () => {
    const code = run(
      [
        '<script lang="ts">let tr = (k: string) => k;</script>',
        '<svelte:head><title>{tr("a")}</title></svelte:head>',
        '<h1 aria-label={tr("b")}>{tr("c")}</h1>',
        '<select><option>{tr("d")}</option></select>',
        '{#if true}<p>{tr("e")} {name}</p>{/if}',
      ].join('\n'),
    );
    expect(code).toContain("import SasaeaiRuby from '$lib/components/Rb.svelte';");
    expect(code).toContain('<title>{tr("a")}</title>');
    expect(code).toContain('<h1 aria-label={tr("b")}><SasaeaiRuby text={tr("c")} /></h1>');
    expect(code).toContain('<option>{tr("d")}</option>');
    expect(code).toContain('<p><SasaeaiRuby text={tr("e")} /> {name}</p>');
  });
});
