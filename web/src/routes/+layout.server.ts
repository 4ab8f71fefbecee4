import type { LayoutServerLoad } from './$types';

// The session is checked once per request in hooks.server.ts `handle`; this only hands the
// result to the pages.
export const load: LayoutServerLoad = ({ locals }) => ({
  user: locals.user,
  locale: locals.locale,
  readingAids: locals.readingAids,
  centre: locals.centre,
});
