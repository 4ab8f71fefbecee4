import type { Locale, Me } from '@sasaeai/contracts';

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
    }
    interface PageData {
      user: Me | null;
      locale: Locale;
    }
  }
}

export {};
