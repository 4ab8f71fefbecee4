/**
 * How every page names a plan indicator and a volunteer centre (browser-safe), as
 * district-name.ts names a district: the Japanese name on Japanese pages, the English one on
 * English pages.
 */
import type { Locale } from '@sasaeai/contracts';

/** Anything the API names in both languages: an indicator, a centre. */
export interface TwoNames {
  readonly name: string;
  readonly nameEn: string;
}

/** 町内会加入率 on Japanese pages, "Neighbourhood association membership rate" on English ones. */
export function indicatorName(indicator: TwoNames, locale: Locale): string {
  return locale === 'en' ? indicator.nameEn : indicator.name;
}

/** 中央地区ボランティアセンター on Japanese pages, Chuo District Volunteer Centre on English ones. */
export function centreName(centre: TwoNames, locale: Locale): string {
  return locale === 'en' ? centre.nameEn : centre.name;
}

/** A note of the plan's (令和4年度末 / End of FY2022): the English one on English pages when given. */
export function noteIn(
  point: { readonly note: string | null; readonly noteEn: string | null },
  locale: Locale,
): string | null {
  return locale === 'en' ? (point.noteEn ?? point.note) : point.note;
}
