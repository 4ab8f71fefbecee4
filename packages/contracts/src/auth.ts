import { z } from 'zod';
import { Locale, Role, SelfServiceRole } from './enums.ts';
import { CentreContact, DistrictCode } from './districts.ts';
import { BilingualText } from './errors.ts';
import { ReadingAids } from './reading-aids.ts';
import { freeText } from './text.ts';

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'invalid_email' }));

/** Length is what makes a password strong; no composition rules (NIST SP 800-63B). */
export const NewPassword = z.string().min(10).max(200);

export const DisplayName = freeText({ min: 1, max: 80 });

/** The privacy notice in force (`/privacy`); a consent records the version agreed to. */
export const PRIVACY_NOTICE_VERSION = '2026-12-01';

export const SignUpBody = z.object({
  email: Email,
  password: NewPassword,
  displayName: DisplayName,
  roles: z.array(SelfServiceRole).min(1).max(2),
  /** A volunteer's first district to help in (the needs board's button preselects it). */
  volunteerDistrict: DistrictCode.optional(),
  locale: Locale.default('ja'),
  /** Ticked on the form after reading the privacy notice; nothing is stored without it. */
  privacyConsent: z.literal(true, { message: 'privacy_consent_required' }),
});
export type SignUpBody = z.infer<typeof SignUpBody>;

/**
 * Sign-up's answer, the same whether the address was new (an account was made) or already
 * registered (nothing changed), so it does not tell anyone which addresses have accounts.
 */
export const SignUpAccepted = z.object({ status: z.literal('accepted'), message: BilingualText });
export type SignUpAccepted = z.infer<typeof SignUpAccepted>;

export const LogInBody = z.object({
  email: Email,
  password: z.string().min(1).max(200),
});
export type LogInBody = z.infer<typeof LogInBody>;

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: NewPassword,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const RoleAssignment = z.object({
  role: Role,
  /** District code the role is scoped to; null means city-wide (council, admin) or unscoped. */
  district: z.string().nullable(),
});
export type RoleAssignment = z.infer<typeof RoleAssignment>;

export const Me = z.object({
  id: z.uuid(),
  email: z.string().nullable(),
  displayName: z.string(),
  locale: Locale,
  roles: z.array(RoleAssignment),
  /** ふりがな, text size and contrast, remembered per person. */
  readingAids: ReadingAids,
});
export type Me = z.infer<typeof Me>;

export const MeResponse = z.object({
  user: Me,
  /** GET /api/me only: a resident's own district centre to call (null: the city's number). */
  centre: CentreContact.nullable().optional(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const AddRoleBody = z.object({ role: SelfServiceRole });
export type AddRoleBody = z.infer<typeof AddRoleBody>;
