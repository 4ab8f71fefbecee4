/** The season registrations and fees are taken for on a Japan date: Jan–Mar belong to last year's. */
export function seasonFor(japanDay: string): number {
  const year = Number(japanDay.slice(0, 4));
  const month = Number(japanDay.slice(5, 7));
  return month <= 3 ? year - 1 : year;
}

/** A season picked on the page (`?season=2026`), else the one for today. */
export function seasonParam(url: URL, japanDay: string): number {
  const wanted = url.searchParams.get('season') ?? '';
  return /^\d{4}$/.test(wanted) && Number(wanted) >= 2000 && Number(wanted) <= 2100
    ? Number(wanted)
    : seasonFor(japanDay);
}

/**
 * Yen as typed on a form: full-width digits and "12,000" are accepted; anything else (a minus
 * sign, a decimal point, text) becomes NaN, so the API refuses it with a field error.
 */
export function yenInput(text: string): number {
  const plain = text.normalize('NFKC').trim().replaceAll(',', '');
  return /^\d{1,9}$/.test(plain) ? Number(plain) : Number.NaN;
}
