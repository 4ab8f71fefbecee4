import { availabilityOverlap, weekKeyOf } from './time.ts';

type Slots = readonly { weekday: number; startMinute: number; endMinute: number }[];

/**
 * Whether a household's season pair can still come for a snow job. The pair agreed to the
 * household's morning, so before the window starts their weekly grid is not consulted. Once the
 * window is under way (a snowfall declared late in the morning, or a run that comes late), only
 * the part still ahead is any use: the helper must be free, by their grid, for at least
 * `min(minOverlapMinutes, minutes left)` of it — the batch matcher's own overlap rule. A commuter
 * free until 07:30 offered a 05:30–08:00 job at 07:15 would spend a weekly task on a job they
 * cannot do; skipped, the backup is tried and then the batch, and the helper stays free for the
 * mornings they can come. A helper who has given no grid at all is asked as before.
 */
export function pairCanStillCome(
  slots: Slots,
  windowStart: Date,
  windowEnd: Date,
  now: Date,
  minOverlapMinutes: number,
): boolean {
  if (now.getTime() <= windowStart.getTime() || slots.length === 0) return true;
  const left = (windowEnd.getTime() - now.getTime()) / 60_000;
  if (left <= 0) return false;
  return availabilityOverlap(slots, now, windowEnd).longest >= Math.min(minOverlapMinutes, left);
}

/** A snow job in another district still waiting for its season pair's offer. */
export interface PendingPairJob {
  helperId: string;
  windowStart: Date;
  windowEnd: Date;
}

/**
 * Candidates with the snow jobs their season pairs will offer them counted in, as if offered:
 * one task of the job's week and a booking over its window. Pairs are offered before any batch,
 * but district by district: without this, the first district's batch can spend a helper who also
 * serves it on a slot their own household in the next district is waiting for, and that
 * district's pair offer then takes them over their weekly limit (the offer does not consult it),
 * or finds them booked and goes to the backup or the batch, which no longer has them. A pair
 * who could not come any more (`pairCanStillCome`) reserves nothing.
 */
export function withPairJobsReserved<
  C extends {
    id: string;
    availability: Slots;
    tasksByWeek: Readonly<Record<string, number>>;
    busy: readonly { start: Date; end: Date; people: number }[];
  },
>(
  candidates: readonly C[],
  pending: readonly PendingPairJob[],
  now: Date,
  minOverlapMinutes: number,
): C[] {
  const byHelper = new Map<string, PendingPairJob[]>();
  for (const job of pending) {
    const list = byHelper.get(job.helperId) ?? [];
    list.push(job);
    byHelper.set(job.helperId, list);
  }
  if (byHelper.size === 0) return [...candidates];
  return candidates.map((candidate) => {
    const jobs = (byHelper.get(candidate.id) ?? []).filter((job) =>
      pairCanStillCome(
        candidate.availability,
        job.windowStart,
        job.windowEnd,
        now,
        minOverlapMinutes,
      ),
    );
    if (jobs.length === 0) return candidate;
    const tasksByWeek = { ...candidate.tasksByWeek };
    const busy = [...candidate.busy];
    for (const job of jobs) {
      const week = weekKeyOf(job.windowStart.getTime());
      tasksByWeek[week] = (tasksByWeek[week] ?? 0) + 1;
      busy.push({ start: job.windowStart, end: job.windowEnd, people: 1 });
    }
    return { ...candidate, tasksByWeek, busy };
  });
}
