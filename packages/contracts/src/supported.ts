import { z } from 'zod';
import { freeText } from './text.ts';

/**
 * Supported volunteering (issue 14 item 9). The volunteer's own wishes: a first task with
 * someone else, and tasks without conversation. Set on the volunteer's profile page.
 */
export const SupportPreferences = z.object({
  firstTaskWithBuddy: z.boolean(),
  preferQuiet: z.boolean(),
});
export type SupportPreferences = z.infer<typeof SupportPreferences>;
export const SupportPreferencesResponse = z.object({ preferences: SupportPreferences });

/**
 * Who introduced the volunteer: a support worker's organisation and phone. Recorded by a
 * coordinator of the volunteer's district and shown only to those coordinators.
 */
export const Introduction = z.object({
  organisation: freeText({ min: 1, max: 100 }),
  phone: freeText({ max: 30 })
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .default(null),
});
export type Introduction = z.output<typeof Introduction>;
/** As stored and shown (the input schema transforms, so it cannot describe a response). */
export const IntroductionView = z.object({
  organisation: z.string(),
  phone: z.string().nullable(),
});
export const IntroductionResponse = z.object({ introducedBy: IntroductionView.nullable() });

/** The marks a coordinator sees beside a volunteer (no introduction details). */
export const SupportMarks = z.object({
  firstTaskWithBuddy: z.boolean(),
  preferQuiet: z.boolean(),
  introduced: z.boolean(),
});
export type SupportMarks = z.infer<typeof SupportMarks>;

/** A volunteer's supported-volunteering page, for their district's coordinators. */
export const VolunteerSupportView = z.object({
  id: z.uuid(),
  displayName: z.string(),
  preferences: SupportPreferences,
  introducedBy: IntroductionView.nullable(),
});
export type VolunteerSupportView = z.infer<typeof VolunteerSupportView>;
