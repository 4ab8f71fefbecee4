import type { TestDatabase } from '@sasaeai/db/testing';
import { winterRegistrations } from '@sasaeai/db/schema';
import { jstToday, seasonBounds, seasonOf } from '@sasaeai/core';

/** A valid winter registration body; tests override what they examine. */
export const winterBody = (overrides: Record<string, unknown> = {}) => ({
  frontageMetres: 8,
  clearPath: true,
  roofFall: false,
  readyFrom: '07:00',
  readyBy: '10:00',
  thresholdCm: 10,
  accessNotes: '物置にスコップがあります',
  ...overrides,
});

/**
 * A day of snow the tests can declare: today when it is winter, else 1 March of the last
 * season, so the tests hold all year round.
 */
export function snowDay(now = new Date()): string {
  const today = jstToday(now);
  if (seasonOf(today) !== null) return today;
  return `${today.slice(0, 4)}-03-01`;
}

/** A standing registration written straight to the database for the season of `day`. */
export async function makeRegistration(
  database: TestDatabase,
  residentId: string,
  options: { thresholdCm?: number; status?: 'active' | 'paused' | 'ended'; day?: string } = {},
) {
  const seasonYear = seasonOf(options.day ?? snowDay())!;
  const bounds = seasonBounds(seasonYear);
  const [row] = await database.db
    .insert(winterRegistrations)
    .values({
      residentId,
      createdBy: residentId,
      seasonYear,
      validFrom: bounds.from,
      validUntil: bounds.until,
      frontageMetres: 6,
      clearPath: true,
      readyFromMinute: 7 * 60,
      readyByMinute: 10 * 60,
      thresholdCm: options.thresholdCm ?? 10,
      accessNotes: '裏口から入れます',
      status: options.status ?? 'active',
    })
    .returning();
  return row!;
}
