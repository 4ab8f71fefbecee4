/**
 * The person-hours rule has one home (packages/core); the centre's report and exports sum it in
 * SQL. This holds the SQL form to the core rule on the cases that differ: recorded minutes,
 * none recorded (the planned window), over a day, negative, a group and its headcount.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { personMinutes, type CompletedMatchTime, type HelperSize } from '@sasaeai/core';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import { personMinutesSql } from '../src/use-cases/reports/person-hours.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('person-hours-sql');
});
afterAll(async () => {
  await database.drop();
});

const start = new Date('2026-12-05T00:00:00Z');
const after = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const cases: [CompletedMatchTime, HelperSize][] = [
  [
    { minutesSpent: 90, windowStart: start, windowEnd: after(120) },
    { kind: 'individual', headcount: 1 },
  ],
  [
    { minutesSpent: null, windowStart: start, windowEnd: after(150) },
    { kind: 'individual', headcount: 1 },
  ],
  [
    { minutesSpent: null, windowStart: start, windowEnd: after(3000) },
    { kind: 'individual', headcount: 1 },
  ],
  [
    { minutesSpent: 5000, windowStart: start, windowEnd: after(60) },
    { kind: 'individual', headcount: 1 },
  ],
  [
    { minutesSpent: -30, windowStart: start, windowEnd: after(60) },
    { kind: 'individual', headcount: 1 },
  ],
  [
    { minutesSpent: 120, windowStart: start, windowEnd: after(120) },
    { kind: 'group', headcount: 5 },
  ],
  [
    { minutesSpent: null, windowStart: start, windowEnd: after(45) },
    { kind: 'group', headcount: 3 },
  ],
  [
    { minutesSpent: 60, windowStart: start, windowEnd: after(60) },
    { kind: 'group', headcount: 0 },
  ],
];

describe('person-minutes in SQL', () => {
  it('gives the core rule’s answer for every case', async () => {
    for (const [match, helper] of cases) {
      const [row] = await database.db.execute<{ minutes: string }>(
        sql`select ${personMinutesSql({
          minutesSpent: sql`${match.minutesSpent}::int`,
          windowStart: sql`${match.windowStart.toISOString()}::timestamptz`,
          windowEnd: sql`${match.windowEnd.toISOString()}::timestamptz`,
          kind: sql`${helper.kind}::text`,
          headcount: sql`${helper.headcount}::int`,
        })} as minutes`,
      );
      expect(Number(row!.minutes), JSON.stringify({ match, helper })).toBe(
        personMinutes(match, helper),
      );
    }
  });
});
