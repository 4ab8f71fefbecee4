import { onMount, untrack } from 'svelte';
import { afterNavigate } from '$app/navigation';
import { page } from '$app/state';

/** The longest a refresh waits for a form post that neither navigates nor answers in place. */
const SETTLE_MS = 15_000;

/**
 * Holds live refreshes back while a form post is in flight. The post's redirect loads the page
 * with the one-time flash (「承認しました」); a refresh sent between the post's answer and that
 * load would carry the flash cookie, take the notice and be dropped for the newer navigation,
 * so the notice would never show. A held refresh runs once the post has navigated, has answered
 * in place (`page.form` changed) or after `SETTLE_MS`. Call during component initialisation.
 */
export function postGate(): { whenSettled(task: () => void): void } {
  let until = 0;
  let held: (() => void) | null = null;
  let fallback: ReturnType<typeof setTimeout> | undefined;

  const release = () => {
    until = 0;
    clearTimeout(fallback);
    const task = held;
    held = null;
    task?.();
  };

  afterNavigate(release);
  $effect(() => {
    void page.form;
    untrack(release);
  });
  onMount(() => {
    const posting = (event: SubmitEvent) => {
      const form = event.target instanceof HTMLFormElement ? event.target : null;
      if (form?.method.toLowerCase() === 'post') until = Date.now() + SETTLE_MS;
    };
    document.addEventListener('submit', posting, true);
    return () => {
      document.removeEventListener('submit', posting, true);
      clearTimeout(fallback);
    };
  });

  return {
    whenSettled(task) {
      const wait = until - Date.now();
      if (wait <= 0) {
        task();
        return;
      }
      held = task;
      clearTimeout(fallback);
      fallback = setTimeout(release, wait);
    },
  };
}
