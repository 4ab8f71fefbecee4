import { z } from 'zod';

/** Page text size: the browser's size, 125 % or 150 % of it. */
export const textSizes = ['normal', 'large', 'largest'] as const;
export const TextSize = z.enum(textSizes);
export type TextSize = z.infer<typeof TextSize>;

/** How a person likes pages shown: ふりがな over kanji, text size, high-contrast colours. */
export const ReadingAids = z
  .object({
    furigana: z.boolean(),
    textSize: TextSize,
    highContrast: z.boolean(),
  })
  .strict();
export type ReadingAids = z.infer<typeof ReadingAids>;

export const DEFAULT_READING_AIDS: ReadingAids = {
  furigana: false,
  textSize: 'normal',
  highContrast: false,
};

/** PUT /api/me/reading-aids: all three at once (the form always sends them together). */
export const ReadingAidsBody = ReadingAids;
export type ReadingAidsBody = z.infer<typeof ReadingAidsBody>;
