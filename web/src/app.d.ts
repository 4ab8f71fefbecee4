import type { CentreContact, Locale, Me, ReadingAids } from '@sasaeai/contracts';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
    }
    interface Locals {
      /** The signed-in account, looked up once per request in `handle` (hooks.server.ts). */
      user: Me | null;
      /** UI language: `lang` cookie → Accept-Language → 'ja'. */
      locale: Locale;
      /** ふりがな, text size, contrast: the account's, or a visitor's cookie. */
      readingAids: ReadingAids;
      /** A resident's own district centre to call; null: the city-wide number. */
      centre: CentreContact | null;
    }
    interface PageData {
      user: Me | null;
      locale: Locale;
      readingAids: ReadingAids;
      centre: CentreContact | null;
    }
  }
}

export {};
