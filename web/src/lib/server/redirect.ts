/**
 * A same-origin path to go to after logging in, or `fallback`. Accepts only absolute paths on
 * this origin (`/x?y#z`); rejects `//evil`, `/\evil`, schemes and control characters.
 */
export function safeRedirectTarget(
  raw: FormDataEntryValue | string | null | undefined,
  origin: string,
  fallback = '/',
): string {
  if (typeof raw !== 'string' || raw === '') return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
