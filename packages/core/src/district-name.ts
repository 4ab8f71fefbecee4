/**
 * An English district name from its code, for a district whose English name nobody has written
 * yet (a CSV import without the `name_en` column): the code is already a romanisation in
 * lower case with hyphens, so each part is capitalised (`shin-asahikawa` → `Shin-Asahikawa`),
 * as PostgreSQL's initcap() does for the rows the migration filled.
 */
export function districtNameFromCode(code: string): string {
  return code
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');
}
