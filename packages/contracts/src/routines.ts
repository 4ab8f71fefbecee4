import { z } from 'zod';
import { HelpCategory } from './enums.ts';
import { ClockTime, IsoDate } from './help-loop.ts';
import { freeText } from './text.ts';

/** ISO weekday: 1 = Monday … 7 = Sunday. A form sends strings; both are taken. */
export const IsoWeekday = z.coerce.number().int().min(1).max(7);

/** A weekly routine need (e.g. rubbish out on collection days). */
export const WeeklyRoutineBody = z
  .object({
    category: HelpCategory.exclude(['snow']),
    weekdays: z.array(IsoWeekday).min(1).max(7),
    from: ClockTime,
    until: ClockTime,
    /** The household's collection area as the city's calendar names it. */
    collectionArea: freeText({ max: 80 }).optional(),
    notes: freeText({ max: 300, multiline: true }).optional(),
    startsOn: IsoDate,
    endsOn: IsoDate.optional(),
    /** Only for coordinators: the resident of their district on whose behalf they set it up. */
    residentId: z.uuid().optional(),
  })
  .refine((b) => b.from < b.until, { message: 'window_order', path: ['until'] })
  .refine((b) => b.endsOn === undefined || b.startsOn <= b.endsOn, {
    message: 'date_order',
    path: ['endsOn'],
  });
export type WeeklyRoutineBody = z.infer<typeof WeeklyRoutineBody>;

export const RoutineDayState = z.enum(['planned', 'skipped', 'holiday']);

export const WeeklyRoutine = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  viaProxy: z.boolean(),
  category: HelpCategory,
  weekdays: z.array(z.int()),
  from: ClockTime,
  until: ClockTime,
  collectionArea: z.string().nullable(),
  notes: z.string().nullable(),
  startsOn: IsoDate,
  endsOn: IsoDate.nullable(),
  paused: z.boolean(),
  ended: z.boolean(),
  /** The next two weeks as the job will make them (or left out, and why). */
  nextDays: z.array(z.object({ day: IsoDate, state: RoutineDayState })),
});
export type WeeklyRoutine = z.infer<typeof WeeklyRoutine>;

export const WeeklyRoutineResponse = z.object({ routine: WeeklyRoutine });
export const WeeklyRoutineList = z.object({ routines: z.array(WeeklyRoutine) });
export type WeeklyRoutineList = z.infer<typeof WeeklyRoutineList>;
export const WeeklyRoutinesQuery = z.object({ resident: z.uuid().optional() });
export const RoutineSkipBody = z.object({ day: IsoDate });

/** A day with no collection in the city's calendar (年末年始). */
export const CollectionHoliday = z.object({ day: IsoDate, note: z.string() });
export const CollectionHolidayBody = z.object({
  day: IsoDate,
  note: freeText({ min: 1, max: 80 }),
});
export const CollectionHolidayList = z.object({ holidays: z.array(CollectionHoliday) });

/** A volunteer's accepted routine occurrences still to come. */
export const RoutineTaskList = z.object({
  tasks: z.array(
    z.object({
      requestId: z.uuid(),
      routineId: z.uuid(),
      category: HelpCategory,
      occursOn: IsoDate,
      windowStart: z.string(),
      windowEnd: z.string(),
      district: z.string(),
    }),
  ),
});
export type RoutineTaskList = z.infer<typeof RoutineTaskList>;
