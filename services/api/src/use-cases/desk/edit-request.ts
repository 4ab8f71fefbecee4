import type { EditRequestBody, FieldError } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import { editRequest, type LiveNotice, type RequestEdit } from '@sasaeai/db/help-loop';
import { AppError } from '../../errors/app-error.ts';
import { translateTransition } from '../../errors/transition-errors.ts';
import { windowFor } from '../create-help-request.ts';

/** Turns the coordinator's correction into the guarded edit; a window already over is refused. */
export async function editHelpRequest(
  db: Database,
  input: { requestId: string; actorId: string; body: EditRequestBody; now?: Date },
): Promise<{ notices: LiveNotice[]; withdrawn: string[] }> {
  const now = input.now ?? new Date();
  const { when, peopleNeeded, notes } = input.body;
  const edit: RequestEdit = {};
  if (when) {
    const window = windowFor(when, now);
    if (window.end <= now) {
      const fields: FieldError[] = [
        {
          field: 'body.when.date',
          message: { ja: 'すでに過ぎた日時です。', en: 'This time has already passed.' },
        },
      ];
      throw new AppError('validation_failed', undefined, fields);
    }
    edit.window = { ...window, asSoonAsPossible: when.kind === 'asap' };
  }
  if (peopleNeeded !== undefined) edit.peopleNeeded = peopleNeeded;
  if (notes !== undefined) edit.notes = notes === '' ? null : notes;
  return translateTransition(
    editRequest(db, { requestId: input.requestId, actorId: input.actorId, edit, now }),
  );
}
