import { SupportMarks } from './supported.ts';
import { z } from 'zod';
import { CentreStatus, Role, VerificationStatus, VolunteerKind } from './enums.ts';
import { OptionalPageNumber } from './paging.ts';
import { freeText } from './text.ts';

export const DistrictCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9-]+$/, { message: 'district_code_format' });

/** A district's English name as staff type it (one line, 1–80 characters). */
export const DistrictNameEn = freeText({ min: 1, max: 80 });

export const District = z.object({
  code: z.string(),
  name: z.string(),
  /** The name English pages show (Hepburn, e.g. Chuo, Shin-Asahikawa). */
  nameEn: z.string(),
  kana: z.string(),
  lat: z.number(),
  lon: z.number(),
  neighbours: z.array(z.string()),
});
export type District = z.infer<typeof District>;

/** A district named on a row (a request, a resident, a report): code and both names. */
export const DistrictRef = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });
export type DistrictRef = z.infer<typeof DistrictRef>;

export const DistrictList = z.object({ districts: z.array(District) });

export const Centre = z.object({
  id: z.uuid(),
  district: z.string(),
  name: z.string(),
  nameEn: z.string(),
  status: CentreStatus,
  openedOn: z.string().nullable(),
});
export type Centre = z.infer<typeof Centre>;
export const CentreList = z.object({ centres: z.array(Centre) });

/**
 * Whom a resident calls: their district's centre (its public phone and opening hours), or
 * null when the district has no centre with a phone yet, so the page shows the city's number.
 */
export const CentreContact = z.object({
  name: z.string(),
  nameEn: z.string(),
  phone: z.string(),
  hours: z.object({ ja: z.string(), en: z.string() }).nullable(),
});
export type CentreContact = z.infer<typeof CentreContact>;

export const DistrictParams = z.object({ code: DistrictCode });

export const VolunteerSummary = z.object({
  id: z.uuid(),
  displayName: z.string(),
  kind: VolunteerKind,
  headcount: z.int(),
  verification: VerificationStatus,
  trusted: z.boolean(),
  districts: z.array(z.string()),
  /** False for a volunteer verified here who has moved away: they may only be suspended. */
  servesHere: z.boolean(),
  /** Supported volunteering; only for the district's coordinators, and only while serving it. */
  support: SupportMarks.optional(),
});
export type VolunteerSummary = z.infer<typeof VolunteerSummary>;
/** A district's volunteers by name, VOLUNTEER_PAGE_SIZE a page when `page` is given. */
export const VolunteerListQuery = z.object({ page: OptionalPageNumber });
export const VOLUNTEER_PAGE_SIZE = 50;
export const VolunteerList = z.object({
  volunteers: z.array(VolunteerSummary),
  /** A later page exists (always false when the whole list was asked for). */
  hasMore: z.boolean(),
});

export const VolunteerParams = z.object({ id: z.uuid() });
export const VerifyVolunteerBody = z.object({
  status: z.enum(['active', 'suspended']),
});

export const GrantRoleBody = z
  .object({
    userId: z.uuid(),
    role: Role,
    districts: z.array(DistrictCode).max(60).default([]),
  })
  .refine((b) => (b.role !== 'coordinator' && b.role !== 'minsei_iin') || b.districts.length > 0, {
    message: 'coordinator_needs_district',
    path: ['districts'],
  });
export type GrantRoleBody = z.infer<typeof GrantRoleBody>;
