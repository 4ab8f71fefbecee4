/**
 * The matcher's reasons in words (issue 14 item 5): each stored fact becomes a phrase in the
 * reader's language; English has no Japanese and no raw codes; an old stored sentence is shown
 * as written, marked Japanese.
 */
import { describe, expect, test } from 'vitest';
import {
  helpCategories,
  ineligibleReasons,
  urgencies,
  type FactBreakdown,
  type ScoreBreakdown,
} from '@sasaeai/contracts';
import { scorePair } from '../../packages/core/src/matching/scoring.ts';
import { t } from '../src/lib/i18n/index.ts';
import { unmatchedReasonText } from '../src/lib/help.ts';
import { ineligibleReasonKey, termReason } from '../src/lib/score-words.ts';
import { request, volunteer } from '../../packages/core/test/matching-fixtures.ts';

const japanese = /[\u3000-\u30ff\u4e00-\u9fff]/u;
/** Codes the facts carry: none may reach a page as it is (a snake_case token, or a bare code). */
const codes = new Set<string>([
  ...helpCategories,
  ...urgencies,
  ...ineligibleReasons,
  'fits',
  'partly',
  'talking',
]);
const rawCode = (text: string) =>
  /\b[a-z]+_[a-z_]+\b/.test(text) ||
  text.split(/[,;、・（）()]\s*/).some((piece) => codes.has(piece.trim()));

const everyTerm: FactBreakdown = {
  total: 50,
  distanceKm: 2.34,
  terms: [
    { term: 'distance', points: 10, facts: { sameDistrict: false, km: 2.34 } },
    { term: 'skill', points: 10, facts: { category: 'snow', fittingEquipment: ['除雪機'] } },
    { term: 'availability', points: 5, facts: { overlapMinutes: 90, neededMinutes: 120 } },
    { term: 'load', points: 10, facts: { tasksThisWeek: 1, maxTasksPerWeek: 3 } },
    { term: 'continuity', points: 0, facts: { helpedBefore: false } },
    { term: 'waiting', points: 10, facts: { waitingMinutes: 75, urgency: 'high' } },
    {
      term: 'reliability',
      points: 5,
      facts: { completed: 4, declined: 1, expired: 0, noShow: 2 },
    },
    { term: 'quiet', points: 3, facts: { category: 'other', fit: 'partly' } },
  ],
};

const words = (locale: 'ja' | 'en', breakdown: ScoreBreakdown) =>
  breakdown.terms.map((term) => termReason(locale, term));

describe('score reasons in words', () => {
  test('Japanese: every fact in a phrase', () => {
    expect(words('ja', everyTerm).map((w) => w.text)).toEqual([
      '隣の 地区（2.3 km）',
      '雪かき（除雪）・除雪機 あり',
      '活動できる 時間 1時間30分（目安 2時間）',
      '今週の 担当 1/3',
      '初めての 方',
      '待ち時間 1時間15分・いそぐ',
      '完了 4回・辞退 1回・期限切れ 0回・不参加 2回',
      '会話の 少ない 活動を 希望・そのほかは 一部 合う',
    ]);
    expect(words('ja', everyTerm).every((w) => w.lang === 'ja')).toBe(true);
  });

  test('English: every fact in a phrase, no Japanese, no raw codes', () => {
    const english = words('en', everyTerm);
    expect(english.map((w) => w.text)).toEqual([
      'Neighbouring district, 2.3 km',
      'Snow clearing, has Snow blower',
      'Free for 1 hour 30 minutes (about 2 hours needed)',
      '1 of 3 tasks this week',
      'Has not helped this person yet',
      'Waiting 1 hour 15 minutes, Urgent',
      'Completed 4, declined 1, expired 0, no-show 2',
      'Prefers quiet tasks; Something else partly fits',
    ]);
    for (const { text, lang } of english) {
      expect(lang).toBe('en');
      expect(text).not.toMatch(japanese);
      expect(rawCode(text)).toBe(false);
    }
  });

  test('English for what the matcher writes, whatever the category, urgency and fit', () => {
    for (const category of helpCategories) {
      for (const urgency of urgencies) {
        const r = request({ category, urgency, waitingMinutes: 30 });
        const v = volunteer({ skills: [category], preferQuiet: true });
        const facts = {
          sameDistrict: true,
          distanceKm: 0,
          overlapMinutes: 120,
          windowMinutes: 120,
          neededMinutes: 120,
          weekKey: 'w',
          tasksInWeek: 0,
        };
        for (const { text } of words('en', scorePair(r, v, facts))) {
          expect(text).not.toMatch(japanese);
          expect(rawCode(text), text).toBe(false);
        }
      }
    }
  });

  test('a breakdown stored as sentences before the facts is shown as written, as Japanese', () => {
    const old: ScoreBreakdown = {
      total: 30,
      terms: [{ term: 'distance', points: 30, detail: '同じ地区' }],
    };
    expect(termReason('en', old.terms[0]!)).toEqual({ text: '同じ地区', lang: 'ja' });
  });

  test('every ineligible reason has words in both languages, none of them the code', () => {
    for (const reason of ineligibleReasons) {
      const ja = t('ja', ineligibleReasonKey(reason));
      const en = t('en', ineligibleReasonKey(reason));
      expect(ja).toMatch(japanese);
      expect(en).not.toMatch(japanese);
      expect(rawCode(en)).toBe(false);
      expect(ja).not.toContain(reason);
    }
  });

  test('an inbox reason the page does not know is worded, not shown as its code', () => {
    const en = (key: Parameters<typeof t>[1]) => t('en', key);
    expect(unmatchedReasonText(en, 'no_candidates')).toBe(t('en', 'unmatched.no_candidates'));
    expect(unmatchedReasonText(en, 'some_new_reason')).toBe('Another reason (see the timeline)');
    expect(unmatchedReasonText((key) => t('ja', key), 'some_new_reason')).toMatch(japanese);
  });
});
