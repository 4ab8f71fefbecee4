/**
 * Reading aids (ふりがな, text size, high contrast) for this request: a signed-in person's come
 * with their account (/api/me); a visitor's live in a cookie.
 */
import { DEFAULT_READING_AIDS, ReadingAids, TextSize } from '@sasaeai/contracts';

export const READING_AIDS_COOKIE = 'reading_aids';
export const READING_AIDS_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

/** The cookie's value: `f1.large.c0` style, short and free of characters cookies mangle. */
export function encodeReadingAids(aids: ReadingAids): string {
  return `f${aids.furigana ? 1 : 0}.${aids.textSize}.c${aids.highContrast ? 1 : 0}`;
}

export function decodeReadingAids(value: string | undefined): ReadingAids {
  const match = /^f([01])\.(\w+)\.c([01])$/.exec(value ?? '');
  const size = TextSize.safeParse(match?.[2]);
  if (!match || !size.success) return DEFAULT_READING_AIDS;
  return { furigana: match[1] === '1', textSize: size.data, highContrast: match[3] === '1' };
}

/** The switch's form: checkboxes send `on` when ticked and nothing when not. */
export function readingAidsFromForm(form: FormData) {
  return ReadingAids.safeParse({
    furigana: form.get('furigana') === 'on',
    textSize: form.get('textSize'),
    highContrast: form.get('highContrast') === 'on',
  });
}
