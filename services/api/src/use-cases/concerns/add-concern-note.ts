import type { ConcernNoteBody } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { concernNotes } from '@sasaeai/db/schema';
import { AppError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { lockConcern } from '../../repositories/concerns-repository.ts';
import { auditCase } from '../../repositories/concern-case-repository.ts';
import { assertReadable, canManage } from './case-access.ts';

/**
 * Adds a note to a case's timeline. A 民生委員 of the district may add a plain note; only a
 * coordinator (or an admin) records a consultation (相談), which counts toward V3-1-b.
 */
export async function addConcernNote(
  db: Database,
  user: SessionUser,
  concernId: string,
  body: ConcernNoteBody,
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const concern = assertReadable(user, await lockConcern(tx, concernId));
    if (body.kind === 'consultation' && !canManage(user, concern)) {
      throw new AppError('forbidden');
    }
    const [note] = await tx
      .insert(concernNotes)
      .values({ concernId: concern.id, authorId: user.id, kind: body.kind, body: body.text })
      .returning({ id: concernNotes.id });
    if (!note) throw new AppError('internal');
    await auditCase(tx, {
      actorId: user.id,
      action: 'concern.note_added',
      concernId: concern.id,
      districtId: concern.districtId,
      details: { noteId: note.id, kind: body.kind },
    });
    return { id: note.id };
  });
}
