import { z } from 'zod';

export interface DecimalOptions {
  /** The largest magnitude allowed: values lie in [-max, max]. */
  max: number;
  /** Decimal places a typed value may have. */
  places: number;
  /** The message key of a value that is not a number at all. */
  message: string;
}

/**
 * A number a person enters: a JSON number or the plain decimal text a form sends ("12.5"),
 * always finite and within ±max, so it can be stored and shown again. A blank string means
 * "no value" (null), never 0; booleans, "1e3", "Infinity" and other text are refused.
 */
export function decimalInput({ max, places, message }: DecimalOptions) {
  const digits = String(Math.trunc(max)).length;
  const decimal = new RegExp(`^-?\\d{1,${String(digits)}}(\\.\\d{1,${String(places)}})?$`);
  return z
    .union(
      [
        z.number(),
        z
          .string()
          .trim()
          .max(0)
          .transform(() => null),
        z.string().trim().regex(decimal).transform(Number),
      ],
      { error: message },
    )
    .pipe(z.number().min(-max).max(max).nullable());
}
