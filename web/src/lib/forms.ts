/** Shapes shared by form actions (server) and the form components (browser). */

/** Errors of one form: a message for the whole form, and one per field name. */
export interface FormErrors<F extends string = string> {
  /** Shown in the error summary without a link (e.g. wrong password, too many attempts). */
  summary: string | null;
  fields: Partial<Record<F, string>>;
}

/** One line of the error summary; `target` is the id of the input it links to, if any. */
export interface SummaryItem {
  text: string;
  target?: string;
}

/**
 * Error summary lines: the form-level message first, then the field errors in the order the
 * fields appear on the page, each linking to its input (`ids` maps a field to its input's id
 * when they differ, e.g. a checkbox group).
 */
export function summaryItems<F extends string>(
  errors: FormErrors<F> | undefined | null,
  order: readonly F[],
  ids: Partial<Record<F, string>> = {},
): SummaryItem[] {
  if (!errors) return [];
  const items: SummaryItem[] = [];
  if (errors.summary) items.push({ text: errors.summary });
  for (const field of order) {
    const text = errors.fields[field];
    if (text) items.push({ text, target: ids[field] ?? field });
  }
  return items;
}
