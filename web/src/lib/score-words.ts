/**
 * The matcher's reasons in the reader's language (browser-safe, no I/O). The matcher stores
 * facts (kilometres, minutes, counts, codes); each term has one formatter here, and the
 * ineligible reasons one message each. Breakdowns stored before the facts hold a Japanese
 * sentence: it is shown as written, marked as Japanese.
 */
import type {
  IneligibleReason,
  Locale,
  ScoreBreakdown,
  ScoreFactsOf,
  ScoreTerm,
  ScoreTermEntry,
} from '@sasaeai/contracts';
import { waitedWords } from './waiting.ts';
import { equipmentLabel } from './help.ts';
import { t, type MessageKey } from './i18n/index.ts';

type Formatters = { [T in ScoreTerm]: (locale: Locale, facts: ScoreFactsOf<T>) => string };

const km = (locale: Locale, value: number) =>
  value.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });

const formatters: Formatters = {
  distance: (locale, f) =>
    f.sameDistrict
      ? t(locale, 'reason.distance.same')
      : t(locale, 'reason.distance.neighbour', { km: km(locale, f.km) }),
  skill: (locale, f) => {
    const category = t(locale, `category.${f.category}`);
    if (f.fittingEquipment.length === 0) return category;
    const equipment = f.fittingEquipment
      .map((item) => equipmentLabel(locale, item))
      .join(t(locale, 'fmt.separator'));
    return t(locale, 'reason.skill.fitting', { category, equipment });
  },
  availability: (locale, f) =>
    t(locale, 'reason.availability', {
      time: waitedWords(locale, f.overlapMinutes),
      needed: waitedWords(locale, f.neededMinutes),
    }),
  load: (locale, f) => t(locale, 'reason.load', { count: f.tasksThisWeek, max: f.maxTasksPerWeek }),
  continuity: (locale, f) =>
    t(locale, f.helpedBefore ? 'reason.continuity.before' : 'reason.continuity.first'),
  waiting: (locale, f) =>
    t(locale, 'reason.waiting', {
      time: waitedWords(locale, f.waitingMinutes),
      urgency: t(locale, `urgency.${f.urgency}`),
    }),
  reliability: (locale, f) =>
    f.completed + f.declined + f.expired + f.noShow === 0
      ? t(locale, 'reason.reliability.none')
      : t(locale, 'reason.reliability', { ...f }),
  quiet: (locale, f) =>
    t(locale, `reason.quiet.${f.fit}`, { category: t(locale, `category.${f.category}`) }),
};

/** The term's own formatter (the facts' shape follows the term, which TypeScript cannot see). */
function wordFacts(locale: Locale, entry: ScoreTermEntry): string {
  const format = formatters[entry.term] as (
    locale: Locale,
    facts: ScoreTermEntry['facts'],
  ) => string;
  return format(locale, entry.facts);
}

/**
 * One term's reason in words: `lang` is the page's language, or `ja` for an old stored
 * sentence (so a screen reader reads it as Japanese on an English page).
 */
export function termReason(
  locale: Locale,
  entry: ScoreBreakdown['terms'][number],
): { text: string; lang: Locale } {
  if ('facts' in entry) return { text: wordFacts(locale, entry), lang: locale };
  return { text: entry.detail, lang: 'ja' };
}

/** Why a volunteer cannot be proposed, in words (never the code). */
export const ineligibleReasonKey = (reason: IneligibleReason): MessageKey => `ineligible.${reason}`;
