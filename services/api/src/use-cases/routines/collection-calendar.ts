import { asc, eq, gte } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { auditEvents, collectionHolidays } from '@sasaeai/db/schema';
import { addDays, jstToday } from '@sasaeai/core';
import { AppError } from '../../errors/app-error.ts';
import { hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';

/** The city's days without collection from a month ago on. */
export async function listCollectionHolidays(db: Database, now: Date = new Date()) {
  const rows = await db
    .select({ day: collectionHolidays.day, note: collectionHolidays.note })
    .from(collectionHolidays)
    .where(gte(collectionHolidays.day, addDays(jstToday(now), -31)))
    .orderBy(asc(collectionHolidays.day));
  return { holidays: rows };
}

function mustEdit(actor: SessionUser) {
  if (!hasRole(actor, 'coordinator', 'admin')) throw new AppError('forbidden');
}

/** The centre adds (or renames) a day without collection. */
export async function setCollectionHoliday(
  db: Database,
  actor: SessionUser,
  day: string,
  note: string,
) {
  mustEdit(actor);
  await db.transaction(async (tx) => {
    await tx
      .insert(collectionHolidays)
      .values({ day, note, updatedBy: actor.id })
      .onConflictDoUpdate({ target: collectionHolidays.day, set: { note, updatedBy: actor.id } });
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: 'collection_holiday.set',
      subjectType: 'collection_holiday',
      subjectId: day,
      details: {},
    });
  });
  return listCollectionHolidays(db);
}

/** The centre removes a day (collection runs after all). */
export async function removeCollectionHoliday(db: Database, actor: SessionUser, day: string) {
  mustEdit(actor);
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(collectionHolidays)
      .where(eq(collectionHolidays.day, day))
      .returning();
    if (removed.length === 0) throw new AppError('not_found');
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      action: 'collection_holiday.removed',
      subjectType: 'collection_holiday',
      subjectId: day,
      details: {},
    });
  });
  return listCollectionHolidays(db);
}
