import { or, sql, type SQL } from 'drizzle-orm';
import { residentProfiles } from '@sasaeai/db/schema';

/** `%text%` for LIKE, with LIKE's own wildcards taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Katakana → hiragana, so 「アサヒカワ」 finds kana stored as 「あさひかわ」 and back. */
function toHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

function toKatakana(text: string): string {
  return text.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/**
 * Matches a resident by any part of their name, kana (either script, spaces ignored) or phone
 * (digits only, so 「0166-01」 and 「016601」 both find 0166-01-2345); with `address`, also by
 * any part of the address (spaces ignored), for the resident register.
 */
export function residentMatches(query: string, options: { address?: boolean } = {}): SQL {
  const text = query.normalize('NFKC').trim();
  const compact = text.replace(/[\s\u3000]+/g, '');
  const digits = text.replace(/\D/g, '');
  const conditions: SQL[] = [
    sql`${residentProfiles.fullName} ilike ${containing(text)}`,
    sql`replace(${residentProfiles.fullName}, ' ', '') ilike ${containing(compact)}`,
    sql`replace(${residentProfiles.fullNameKana}, ' ', '') like ${containing(toHiragana(compact))}`,
    sql`replace(${residentProfiles.fullNameKana}, ' ', '') like ${containing(toKatakana(compact))}`,
  ];
  if (options.address) {
    conditions.push(
      sql`replace(${residentProfiles.address}, ' ', '') ilike ${containing(compact)}`,
    );
  }
  // A phone search needs a few digits and nothing but digits and separators.
  if (digits.length >= 3 && /^[\d\s()+-]+$/.test(text)) {
    conditions.push(
      sql`regexp_replace(${residentProfiles.phone}, '\\D', '', 'g') like ${containing(digits)}`,
    );
  }
  return or(...conditions)!;
}
