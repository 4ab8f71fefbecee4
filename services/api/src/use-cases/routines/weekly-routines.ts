import { and, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import {
  auditEvents,
  districts,
  helpRequests,
  matches,
  weeklyRoutines,
  weeklyRoutineSkips,
} from '@sasaeai/db/schema';
import type { RoutineTaskList, WeeklyRoutine, WeeklyRoutineBody } from '@sasaeai/contracts';
import { minutesOfClock } from '@sasaeai/core';
import { AppError, fieldError } from '../../errors/app-error.ts';
import { canActInDistrict, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { residentOf } from '../winter/register-for-winter.ts';
import { routinesOf, toRoutineViews } from './routine-view.ts';

/** A resident for themself; a coordinator (or admin) for a resident of their own districts. */
async function residentInReach(db: Database, actor: SessionUser, residentId: string) {
  const resident = await residentOf(db, residentId);
  const isSelf = residentId === actor.id && hasRole(actor, 'resident');
  const coordinates =
    !!resident?.districtId &&
    (canActInDistrict(actor, resident.districtId, ['coordinator']) || hasRole(actor, 'admin'));
  return { resident, allowed: isSelf || coordinates };
}

export async function createWeeklyRoutine(
  db: Database,
  actor: SessionUser,
  body: WeeklyRoutineBody,
): Promise<WeeklyRoutine> {
  const residentId = body.residentId ?? actor.id;
  const proxy = residentId !== actor.id;
  const { resident, allowed } = await residentInReach(db, actor, residentId);
  if (!allowed) throw new AppError(proxy && !resident ? 'not_found' : 'forbidden');
  if (!resident?.address || !resident.districtId) {
    throw fieldError(
      'body.residentId',
      '住所と地区が登録されていません。先に住所を登録してください。',
      'There is no address and district on the profile. Please register the address first.',
    );
  }
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(weeklyRoutines)
      .values({
        residentId,
        createdBy: actor.id,
        viaProxy: proxy,
        category: body.category,
        weekdays: [...new Set(body.weekdays)].sort(),
        fromMinute: minutesOfClock(body.from),
        untilMinute: minutesOfClock(body.until),
        collectionArea: body.collectionArea || null,
        notes: body.notes || null,
        startsOn: body.startsOn,
        endsOn: body.endsOn ?? null,
      })
      .returning();
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: 'weekly_routine.created',
      subjectType: 'weekly_routine',
      subjectId: inserted!.id,
      districtId: resident.districtId,
      details: { viaProxy: proxy, category: body.category },
    });
    return inserted!;
  });
  const [view] = await toRoutineViews(db, [row]);
  return view!;
}

export async function listWeeklyRoutines(
  db: Database,
  actor: SessionUser,
  residentId: string,
): Promise<WeeklyRoutine[]> {
  const { allowed } = await residentInReach(db, actor, residentId);
  if (!allowed) throw new AppError('forbidden');
  return toRoutineViews(db, await routinesOf(db, residentId));
}

export type RoutineChange = 'pause' | 'resume' | 'end';

/** Pause, resume or end: its resident or their coordinator; anyone else is told it is not there. */
export async function changeWeeklyRoutine(
  db: Database,
  actor: SessionUser,
  routineId: string,
  change: RoutineChange | { skip: string },
): Promise<WeeklyRoutine> {
  const [row] = await db.select().from(weeklyRoutines).where(eq(weeklyRoutines.id, routineId));
  if (!row) throw new AppError('not_found');
  const { resident, allowed } = await residentInReach(db, actor, row.residentId);
  if (!allowed) throw new AppError('not_found');
  if (row.endedAt !== null) {
    throw new AppError('conflict', {
      ja: '終了した予定は変更できません。',
      en: 'An ended routine cannot be changed.',
    });
  }
  const action = typeof change === 'string' ? change : 'skip';
  const updated = await db.transaction(async (tx) => {
    let next = row;
    if (typeof change === 'string') {
      const set = change === 'end' ? { endedAt: new Date() } : { paused: change === 'pause' };
      const [changed] = await tx
        .update(weeklyRoutines)
        .set(set)
        .where(eq(weeklyRoutines.id, routineId))
        .returning();
      next = changed!;
    } else {
      await tx
        .insert(weeklyRoutineSkips)
        .values({ routineId, skipOn: change.skip, createdBy: actor.id })
        .onConflictDoNothing();
    }
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: `weekly_routine.${action}`,
      subjectType: 'weekly_routine',
      subjectId: routineId,
      districtId: resident?.districtId ?? null,
      details: typeof change === 'string' ? {} : { day: change.skip },
    });
    return next;
  });
  const [view] = await toRoutineViews(db, [updated]);
  return view!;
}

/** A volunteer's accepted routine occurrences still to come (「わたしの 定期の お手伝い」). */
export async function volunteerRoutineTasks(
  db: Database,
  actor: SessionUser,
  now: Date = new Date(),
): Promise<RoutineTaskList> {
  const rows = await db
    .select({
      requestId: helpRequests.id,
      routineId: helpRequests.weeklyRoutineId,
      category: helpRequests.category,
      occursOn: helpRequests.occursOn,
      windowStart: helpRequests.windowStart,
      windowEnd: helpRequests.windowEnd,
      district: districts.code,
    })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .innerJoin(districts, eq(districts.id, helpRequests.districtId))
    .where(
      and(
        eq(matches.volunteerId, actor.id),
        eq(matches.status, 'accepted'),
        isNotNull(helpRequests.weeklyRoutineId),
        gt(helpRequests.windowEnd, now),
        isNull(helpRequests.anonymisedAt),
      ),
    )
    .orderBy(helpRequests.windowStart);
  return {
    tasks: rows.map((r) => ({
      requestId: r.requestId,
      routineId: r.routineId!,
      category: r.category,
      occursOn: r.occursOn!,
      windowStart: r.windowStart.toISOString(),
      windowEnd: r.windowEnd.toISOString(),
      district: r.district,
    })),
  };
}
