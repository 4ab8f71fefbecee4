/**
 * Since drizzle 0.44 database errors arrive wrapped (DrizzleQueryError with the PG error on
 * `.cause`), so walk the cause chain and match by constraint name.
 */
export function isConstraintViolation(error: unknown, constraint: string): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { constraint_name?: string; constraint?: string; cause?: unknown };
    if (candidate.constraint_name === constraint || candidate.constraint === constraint)
      return true;
    current = candidate.cause;
  }
  return false;
}
