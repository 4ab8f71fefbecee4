import { z } from 'zod';
import { DistrictCode } from './districts.ts';
import { freeText } from './text.ts';

/** A town name (町名) as written in addresses, without 条・丁目. */
export const TownName = freeText({ min: 1, max: 40 });

export const TownSource = z.enum(['seed', 'import', 'manual']);

export const TownRow = z.object({
  town: z.string(),
  kana: z.string(),
  district: z.string(),
  districtName: z.string(),
  districtNameEn: z.string(),
  needsJo: z.boolean(),
  source: TownSource,
  updatedAt: z.string(),
});
export type TownRow = z.infer<typeof TownRow>;

export const TownList = z.object({ towns: z.array(TownRow) });
export type TownList = z.infer<typeof TownList>;

export const TownQuery = z.object({ q: freeText({ max: 40 }).optional() });

/** Adds a town, or changes a town's district (the town name is the key). */
export const TownBody = z.object({
  town: TownName,
  kana: freeText({ max: 60 }).optional(),
  district: DistrictCode,
  needsJo: z.boolean().optional(),
});
export type TownBody = z.infer<typeof TownBody>;

export const TownImportBody = z.object({
  csv: freeText({ min: 1, max: 200_000, multiline: true }),
});
export const TownImportResult = z.object({
  imported: z.int(),
  created: z.int(),
  updated: z.int(),
});
export type TownImportResult = z.infer<typeof TownImportResult>;

/** A coordinator picks the district of a request whose address could not be placed. */
export const PlaceRequestBody = z.object({ district: DistrictCode });
export type PlaceRequestBody = z.infer<typeof PlaceRequestBody>;
