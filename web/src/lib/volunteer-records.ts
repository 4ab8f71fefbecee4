/** The `fy` and `page` of a history or certificate page's URL, passed on to the API as given. */
export function recordsQuery(url: URL, keys: readonly ('fy' | 'page')[]): string {
  const query = new URLSearchParams();
  for (const key of keys) {
    const value = url.searchParams.get(key);
    if (value !== null && value !== '') query.set(key, value);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** `2026年4月1日` of `2026-04-01`. */
export function certificateDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${String(year)}年${String(month)}月${String(day)}日`;
}
