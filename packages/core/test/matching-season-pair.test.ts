import { describe, expect, it } from 'vitest';
import { pairCanStillCome, weekKeyOf, withPairJobsReserved } from '../src/index.ts';

/** Japan time on Monday 2030-01-14. */
const at = (clock: string) => new Date(`2030-01-14T${clock}:00+09:00`);
const everyDay = (startMinute: number, endMinute: number) =>
  [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute, endMinute }));
/** A commuter: free 05:00–07:30 before going to work. */
const commuter = everyDay(5 * 60, 7 * 60 + 30);
const windowStart = at('05:30');
const windowEnd = at('08:00');

describe('pairCanStillCome', () => {
  it('does not consult the grid before the window starts (the pair agreed to the morning)', () => {
    expect(pairCanStillCome(commuter, windowStart, windowEnd, at('04:00'), 30)).toBe(true);
    // Even a grid that never meets the window: the helper agreed to this household.
    expect(
      pairCanStillCome(everyDay(13 * 60, 15 * 60), windowStart, windowEnd, at('05:30'), 30),
    ).toBe(true);
  });

  it('once under way, asks for min(30 min, what is left) of the rest of the window', () => {
    // 06:00: 90 of the 150 minutes left, the commuter free for all of them.
    expect(pairCanStillCome(commuter, windowStart, windowEnd, at('06:00'), 30)).toBe(true);
    // 07:00: free until 07:30, exactly 30 minutes of what is left.
    expect(pairCanStillCome(commuter, windowStart, windowEnd, at('07:00'), 30)).toBe(true);
    // 07:15 (the late declaration): 15 minutes before work — not enough to clear anything.
    expect(pairCanStillCome(commuter, windowStart, windowEnd, at('07:15'), 30)).toBe(false);
    // A retiree free 06:00–12:00 can still come for the last 45 minutes.
    expect(
      pairCanStillCome(everyDay(6 * 60, 12 * 60), windowStart, windowEnd, at('07:15'), 30),
    ).toBe(true);
    // With 20 minutes left, 20 minutes of availability are enough.
    expect(
      pairCanStillCome(everyDay(6 * 60, 12 * 60), windowStart, windowEnd, at('07:40'), 30),
    ).toBe(true);
  });

  it('asks a helper who has given no grid as before, and nobody once the window is over', () => {
    expect(pairCanStillCome([], windowStart, windowEnd, at('07:15'), 30)).toBe(true);
    expect(pairCanStillCome(commuter, windowStart, windowEnd, at('08:00'), 30)).toBe(false);
  });
});

describe('withPairJobsReserved', () => {
  const helper = (id: string, availability = commuter) => ({
    id,
    availability,
    tasksByWeek: {} as Record<string, number>,
    busy: [] as { start: Date; end: Date; people: number }[],
  });
  const job = (helperId: string) => ({ helperId, windowStart, windowEnd });
  const week = weekKeyOf(windowStart);

  it("counts a pair's coming offer as a task of its week and a booking over its window", () => {
    const [pair, other] = withPairJobsReserved(
      [helper('pair'), helper('other')],
      [job('pair')],
      at('04:00'),
      30,
    );
    expect(pair!.tasksByWeek[week]).toBe(1);
    expect(pair!.busy).toEqual([{ start: windowStart, end: windowEnd, people: 1 }]);
    expect(other).toEqual(helper('other'));
  });

  it('reserves nothing for a pair who could not come any more', () => {
    const [late] = withPairJobsReserved([helper('pair')], [job('pair')], at('07:15'), 30);
    expect(late!.tasksByWeek[week]).toBeUndefined();
    expect(late!.busy).toEqual([]);
  });
});
