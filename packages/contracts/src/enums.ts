import { z } from 'zod';

export const roles = [
  'resident',
  'volunteer',
  'coordinator',
  'council',
  'admin',
  /** 民生委員: reads the 見守り cases of their districts and adds notes, nothing more. */
  'minsei_iin',
] as const;
/** Roles granted for named districts (an admin names them); the others are city-wide or personal. */
export const districtScopedRoles = ['coordinator', 'minsei_iin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

/** Roles that a person may give themselves at sign-up; the rest are granted by an admin. */
export const selfServiceRoles = ['resident', 'volunteer'] as const;
export const SelfServiceRole = z.enum(selfServiceRoles);
export type SelfServiceRole = z.infer<typeof SelfServiceRole>;

export const helpCategories = ['snow', 'weeding', 'rubbish', 'shopping', 'visit', 'other'] as const;
export const HelpCategory = z.enum(helpCategories);
export type HelpCategory = z.infer<typeof HelpCategory>;

export const requestStatuses = [
  'open',
  'matching',
  'proposed',
  'approved',
  'accepted',
  'done',
  'cancelled',
  'unmatched',
] as const;
export const RequestStatus = z.enum(requestStatuses);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const matchStatuses = [
  'proposed',
  'approved',
  'offered',
  'accepted',
  'declined',
  'expired',
  'rejected',
  'cancelled',
  'completed',
  'no_show',
] as const;
export const MatchStatus = z.enum(matchStatuses);
export type MatchStatus = z.infer<typeof MatchStatus>;

export const volunteerKinds = ['individual', 'group'] as const;
export const VolunteerKind = z.enum(volunteerKinds);
export type VolunteerKind = z.infer<typeof VolunteerKind>;

export const verificationStatuses = ['pending', 'active', 'suspended'] as const;
export const VerificationStatus = z.enum(verificationStatuses);
export type VerificationStatus = z.infer<typeof VerificationStatus>;

export const centreStatuses = ['planned', 'open', 'closed'] as const;
export const CentreStatus = z.enum(centreStatuses);
export type CentreStatus = z.infer<typeof CentreStatus>;

export const urgencies = ['low', 'normal', 'high'] as const;
export const Urgency = z.enum(urgencies);
export type Urgency = z.infer<typeof Urgency>;

export const contactPreferences = ['phone', 'email', 'post', 'visit'] as const;
export const ContactPreference = z.enum(contactPreferences);
export type ContactPreference = z.infer<typeof ContactPreference>;

export const locales = ['ja', 'en'] as const;
export const Locale = z.enum(locales);
export type Locale = z.infer<typeof Locale>;
