import type { ConcernList } from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import type { z } from 'zod';
import { districtIdsFor, hasRole } from '../../auth/permissions.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { findConcerns, type ConcernStatus } from '../../repositories/concerns-repository.ts';

/** 見守り: the concerns of the coordinator's districts (an admin's: every district). */
export async function listConcerns(
  db: Database,
  user: SessionUser,
  status: ConcernStatus | undefined,
): Promise<z.infer<typeof ConcernList>> {
  const districtIds = hasRole(user, 'admin') ? null : districtIdsFor(user, 'coordinator');
  const rows = await findConcerns(db, { districtIds, status });
  return {
    concerns: rows.map((row) => ({
      id: row.concern.id,
      requestId: row.concern.requestId,
      district: row.district,
      status: row.concern.status,
      note: row.concern.note,
      raisedBy: row.raisedBy,
      residentName: row.residentName ?? '',
      createdAt: row.concern.createdAt.toISOString(),
    })),
  };
}
