import { afterNavigate } from '$app/navigation';
import { untrack } from 'svelte';

/**
 * A notice read from the flash (Post/Redirect/Get) that stays while live updates re-run the
 * page's load. `invalidateAll` finds the flash already taken, so without this the 「承認しました」
 * or the list of proposals that could not be approved would vanish a moment after it appeared
 * (the approval itself sends a live event). The next navigation (a link, or the redirect after
 * the next form post) shows its own notice or none. Call during component initialisation.
 */
export function keptNotice<T>(read: () => T | null | undefined): {
  readonly current: T | null;
  clear(): void;
} {
  let kept = $state<T | null>(untrack(read) ?? null);
  afterNavigate(() => {
    kept = read() ?? null;
  });
  $effect.pre(() => {
    const value = read();
    if (value !== null && value !== undefined) kept = value;
  });
  return {
    get current() {
      return kept;
    },
    clear() {
      kept = null;
    },
  };
}
