import type { Database } from '@sasaeai/db/client';
import { expandWeeklyRoutines } from '@sasaeai/db/help-loop';
import type { Logger } from '../logger.ts';

/** Scheduled on the `maintenance` queue every hour (see schedules.ts). */
export const WEEKLY_ROUTINES_JOB = 'routines.expand';
export const WEEKLY_ROUTINES_INTERVAL_MS = 60 * 60_000;

/**
 * Makes the next two weeks of every running weekly routine into help requests (idempotent:
 * a routine's day is made once). Logs counts only.
 */
export async function expandRoutines(
  deps: { db: Database; logger?: Logger | undefined },
  now: Date = new Date(),
): Promise<{ created: number; alreadyExisted: number }> {
  const result = await expandWeeklyRoutines(deps.db, now);
  if (result.created > 0) deps.logger?.info(result, 'weekly routine occurrences created');
  return result;
}
