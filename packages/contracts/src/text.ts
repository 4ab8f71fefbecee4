import { z } from 'zod';

/** Control characters (C0 with NUL, DEL, C1): nothing a person types into a one-line field. */
const LINE_CONTROLS = /\p{Cc}/u;
/** Multi-line text keeps tab, line feed and carriage return (a textarea sends CRLF). */
const TEXT_CONTROLS = /(?![\t\n\r])\p{Cc}/u;
/** Half of a UTF-16 pair on its own: not a character, and not storable as UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;

export interface TextOptions {
  min?: number;
  max: number;
  /** Allow tab and line breaks (notes, messages); a name or an address is one line. */
  multiline?: boolean;
}

/**
 * The one schema for text a person types. Refuses control characters (which PostgreSQL cannot
 * store, as NUL, or which no form produces) and lone surrogates with a field error, then stores
 * the text trimmed and in Unicode NFC, so that か+゛ and が are the same name.
 */
export function freeText({ min = 0, max, multiline = false }: TextOptions) {
  const controls = multiline ? TEXT_CONTROLS : LINE_CONTROLS;
  return z
    .string()
    .refine((value) => !LONE_SURROGATE.test(value), { message: 'text_malformed', abort: true })
    .refine((value) => !controls.test(value), { message: 'text_control_character', abort: true })
    .normalize('NFC')
    .trim()
    .min(min)
    .max(max);
}
