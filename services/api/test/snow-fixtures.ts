import type { TestDatabase } from '@sasaeai/db/testing';
import { winterRegistrations } from '@sasaeai/db/schema';
import { addDays, clearingWindow, jstToday, seasonOf } from '@sasaeai/core';

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

/** Today in Japan: the day the tests' snow falls on. */
export const snowDay = (): string => jstToday(new Date());

/** The 07:00–10:00 window a registration from `makeRegistration` gets for snow on `day`. */
export const expectedWindow = (day: string, now = new Date()) =>
  clearingWindow(day, 7 * 60, 10 * 60, now);

/**
 * A standing registration written straight to the database, valid a week either side of `day`
 * (today by default). The API only takes registrations inside the season; writing one directly
 * lets the tests of snow events hold all year round.
 */
export async function makeRegistration(
  database: TestDatabase,
  residentId: string,
  options: { thresholdCm?: number; status?: 'active' | 'paused' | 'ended'; day?: string } = {},
) {
  const day = options.day ?? snowDay();
  const [row] = await database.db
    .insert(winterRegistrations)
    .values({
      residentId,
      createdBy: residentId,
      seasonYear: seasonOf(day) ?? Number(day.slice(0, 4)),
      validFrom: addDays(day, -7),
      validUntil: addDays(day, 7),
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
