import type { Locale } from '@sasaeai/contracts';
import { en } from './en.ts';
import { ja, type MessageKey, type Messages } from './ja.ts';

export type { MessageKey, Messages };

export const supportedLocales = ['ja', 'en'] as const satisfies readonly Locale[];
export const defaultLocale: Locale = 'ja';

/** Each language's own name, shown in that language on the switch. */
export const languageNames: Record<Locale, string> = { ja: '日本語', en: 'English' };

const dictionaries: Record<Locale, Messages> = { ja, en };

export type MessageParams = Record<string, string | number>;

/** The message for `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function t(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = dictionaries[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** `t` bound to one locale, for templates: `const tr = $derived(translator(data.locale))`. */
export function translator(locale: Locale): (key: MessageKey, params?: MessageParams) => string {
  return (key, params) => t(locale, key, params);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'ja' || value === 'en';
}

/**
 * Picks the best supported language from an Accept-Language header, honouring q-values.
 * Returns null when none of them is supported.
 */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params
        .map((p) => p.trim())
        .find((p) => p.startsWith('q='))
        ?.slice(2);
      const quality = q === undefined ? 1 : Number.parseFloat(q);
      return { tag: tag.toLowerCase(), quality: Number.isNaN(quality) ? 0 : quality, index };
    })
    .filter((entry) => entry.tag !== '' && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return null;
}

/** `lang` cookie → Accept-Language → Japanese. */
export function resolveLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage) ?? defaultLocale;
}
