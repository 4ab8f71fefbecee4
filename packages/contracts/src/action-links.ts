import { z } from 'zod';
import { Email, NewPassword } from './auth.ts';
import { HelpCategory, Urgency } from './enums.ts';
import { ResidentContact } from './help-loop.ts';

/** What a one-tap link may do. */
export const actionPurposes = ['offer.accept', 'offer.decline', 'password.reset'] as const;
export const ActionPurpose = z.enum(actionPurposes);
export type ActionPurpose = z.infer<typeof ActionPurpose>;

/**
 * The token in a link's path. Anything up to 200 characters is let through so that a mangled
 * link gets the same "this link is not valid" answer as a guessed one, not a field error.
 */
export const ActionTokenParams = z.object({ token: z.string().min(1).max(200) });

/** Where an offer stands, as the volunteer holding its link needs to hear it. */
export const offerLinkStates = [
  'open',
  'accepted',
  'declined',
  'expired',
  'withdrawn',
  'volunteer_suspended',
  'done',
] as const;
export const OfferLinkState = z.enum(offerLinkStates);
export type OfferLinkState = z.infer<typeof OfferLinkState>;

/** The task an offer is for, without the resident's name, address or phone. */
export const OfferTask = z.object({
  category: HelpCategory,
  district: z.string(),
  districtName: z.string(),
  districtNameEn: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  asSoonAsPossible: z.boolean(),
  peopleNeeded: z.int(),
  urgency: Urgency,
  notes: z.string().nullable(),
});
export type OfferTask = z.infer<typeof OfferTask>;

export const OfferLinkView = z.object({
  purpose: z.enum(['offer.accept', 'offer.decline']),
  state: OfferLinkState,
  offerExpiresAt: z.string().nullable(),
  task: OfferTask,
  /**
   * When this link was used to answer, for a short while after (the page the answer redirects
   * to, and its reloads); null while it is unused. Later a used link is 410 `link_used`.
   */
  answeredAt: z.string().nullable(),
  /** The resident's contact, only in that short while after the offer was accepted. */
  contact: ResidentContact.nullable(),
});
export type OfferLinkView = z.infer<typeof OfferLinkView>;

export const OfferAnswerBody = z.object({ answer: z.enum(['accept', 'decline']) });
export type OfferAnswerBody = z.infer<typeof OfferAnswerBody>;

/** After the answer: the task, and the resident's contact once accepted (as the app shows it). */
export const OfferAnswerResponse = z.object({
  state: z.enum(['accepted', 'declined']),
  task: OfferTask,
  contact: ResidentContact.nullable(),
});
export type OfferAnswerResponse = z.infer<typeof OfferAnswerResponse>;

export const PasswordResetRequestBody = z.object({ email: Email });
export type PasswordResetRequestBody = z.infer<typeof PasswordResetRequestBody>;

export const PasswordResetBody = z.object({ newPassword: NewPassword });
export type PasswordResetBody = z.infer<typeof PasswordResetBody>;

export const PasswordResetLinkView = z.object({ expiresAt: z.string() });
