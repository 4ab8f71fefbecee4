/** The public needs board's sentences and links (browser-safe). */
import { resolve } from '$app/paths';
import type { HelpCategory, Locale, PublicNeeds } from '@sasaeai/contracts';
import { t, type MessageKey } from '$lib/i18n';

const noun = (category: HelpCategory): MessageKey => `needs.category.${category}`;

/**
 * 「神楽 地区で 雪かきの 手伝いが 3件 足りません」 / "In 神楽, 3 snow clearing requests still
 * need a helper." A null district is the folded "other districts".
 */
export function needSentence(
  locale: Locale,
  district: string | null,
  category: HelpCategory,
  count: number,
): string {
  const where = district ?? t(locale, 'needs.otherDistricts');
  const key: MessageKey = count === 1 ? 'needs.sentence.one' : 'needs.sentence';
  return t(locale, key, { district: where, category: t(locale, noun(category)), n: count });
}

/** One line for a shared link's preview: the week's needs per kind, most first. */
export function needsSummary(locale: Locale, needs: PublicNeeds): string {
  if (needs.total === 0) return t(locale, 'needs.share.none');
  const kinds = [...needs.byCategory]
    .sort((a, b) => b.count - a.count)
    .map((entry) =>
      t(locale, 'needs.share.kind', { category: t(locale, noun(entry.category)), n: entry.count }),
    )
    .join(t(locale, 'fmt.separator'));
  return t(locale, 'needs.share', { kinds });
}

/** Volunteer sign-up, with the district chosen when there is one. */
export function signupFor(district: string | null): string {
  const query = new URLSearchParams({ as: 'volunteer' });
  if (district) query.set('district', district);
  return `${resolve('/signup')}?${query.toString()}`;
}
