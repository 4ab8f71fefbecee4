/** The last page a list link may ask for; the API's own schemas stop at the same number. */
export const LAST_PAGE = 10_000;

/**
 * `?page=` (or another name) as a 1-based page number. Anything else — negative, zero, huge,
 * NUL, not a number, given twice — is the first page: a pasted or tampered link shows the list,
 * never an error page.
 */
export function pageParam(url: URL, name = 'page'): number {
  const values = url.searchParams.getAll(name);
  const raw = values.length === 1 ? values[0]! : '';
  if (!/^\d{1,5}$/.test(raw)) return 1;
  const page = Number(raw);
  return page >= 1 && page <= LAST_PAGE ? page : 1;
}
