import { z } from 'zod';

/** A 1-based page of a long list; a huge, negative, fractional or odd value is a 400, never a 500. */
const pageNumber = z.coerce.number().int().min(1).max(10_000);

/** `?page=` of a list that is always paged (the first page when absent). */
export const PageNumber = pageNumber.default(1);

/** `?page=` of a list a caller may also read whole (a form's choices), paged only when given. */
export const OptionalPageNumber = pageNumber.optional();
