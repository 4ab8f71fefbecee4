import { z } from 'zod';

/** A winter registration stands all season until it is paused (resumable) or ended. */
export const winterRegistrationStatuses = ['active', 'paused', 'ended'] as const;
export const WinterRegistrationStatus = z.enum(winterRegistrationStatuses);
export type WinterRegistrationStatus = z.infer<typeof WinterRegistrationStatus>;

/** Who said it snowed: a person declaring it, or the JMA observations imported from CSV. */
export const snowEventSources = ['declared', 'jma'] as const;
export const SnowEventSource = z.enum(snowEventSources);
export type SnowEventSource = z.infer<typeof SnowEventSource>;
