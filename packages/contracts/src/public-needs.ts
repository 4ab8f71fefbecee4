import { z } from 'zod';
import { HelpCategory } from './enums.ts';
import { BilingualText } from './errors.ts';

/** A district as the public board names it (never a street, household or person). */
export const PublicNeedsDistrict = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kana: z.string(),
});

/**
 * GET /api/public/needs: open needs of the coming week, counted. Nothing else: no request id,
 * time, name or address. A district with fewer than `minCount` needs in a category is folded
 * into that category's `grouped` count.
 */
export const PublicNeeds = z.object({
  /** The week: Japanese dates, first and last day. */
  from: z.iso.date(),
  to: z.iso.date(),
  minCount: z.int(),
  rows: z.array(
    z.object({ district: PublicNeedsDistrict, category: HelpCategory, count: z.int() }),
  ),
  grouped: z.array(z.object({ category: HelpCategory, count: z.int() })),
  byCategory: z.array(z.object({ category: HelpCategory, count: z.int() })),
  total: z.int(),
  note: BilingualText,
});
export type PublicNeeds = z.infer<typeof PublicNeeds>;
