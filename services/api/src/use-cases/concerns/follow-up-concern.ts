import type { Database } from '@sasaeai/db/client';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { updateConcernCase } from './update-concern-case.ts';

/** The inbox's one-step 「対応済み」: closes the case (audited, like any status change). */
export async function followUpConcern(
  db: Database,
  user: SessionUser,
  concernId: string,
): Promise<{ id: string; status: 'closed' }> {
  await updateConcernCase(db, user, concernId, { status: 'closed' });
  return { id: concernId, status: 'closed' };
}
