/** Minutes to wait, from a Retry-After header in seconds (or an HTTP date); null if none. */
export function retryMinutes(header: string | null): number | null {
  if (!header) return null;
  const seconds = /^\d+$/.test(header)
    ? Number.parseInt(header, 10)
    : (new Date(header).getTime() - Date.now()) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  return Math.max(1, Math.ceil(seconds / 60));
}
