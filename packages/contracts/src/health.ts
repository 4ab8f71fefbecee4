import { z } from 'zod';

export const Healthz = z.object({ status: z.literal('ok') });
export const Readyz = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({ postgres: z.boolean(), redis: z.boolean() }),
});
