/** How every page names a district (browser-safe). */
import type { Locale } from '@sasaeai/contracts';

/** A district's two names: as the API returns a district, or flat on a request or table row. */
export type NamedDistrict =
  | { readonly name: string; readonly nameEn: string }
  | { readonly districtName: string; readonly districtNameEn: string };

/** The district's name in the reader's language: 中央 on Japanese pages, Chuo on English ones. */
export function districtName(district: NamedDistrict, locale: Locale): string {
  if ('districtName' in district) {
    return locale === 'en' ? district.districtNameEn : district.districtName;
  }
  return locale === 'en' ? district.nameEn : district.name;
}

/** The name of the district with this code among `districts`, or the code when it is not there. */
export function districtNameOf(
  districts: readonly ({ readonly code: string } & NamedDistrict)[],
  code: string,
  locale: Locale,
): string {
  const district = districts.find((d) => d.code === code);
  return district ? districtName(district, locale) : code;
}
