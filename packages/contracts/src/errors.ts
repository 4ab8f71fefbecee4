import { z } from 'zod';

/** A message in both of the app's languages; Japanese first. */
export const BilingualText = z.object({ ja: z.string(), en: z.string() });
export type BilingualText = z.infer<typeof BilingualText>;

export const FieldError = z.object({
  /** Dotted path of the offending field, e.g. `body.email` or `query.limit`. */
  field: z.string(),
  message: BilingualText,
});
export type FieldError = z.infer<typeof FieldError>;

export const errorCodes = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'cross_origin',
  'invalid_credentials',
  'link_invalid',
  'link_used',
  'link_expired',
  'offer_closed',
  'unsupported_media_type',
  'payload_too_large',
  'unavailable',
  'busy',
  'internal',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: BilingualText,
    fields: z.array(FieldError).optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
