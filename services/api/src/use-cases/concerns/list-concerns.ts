import { CONCERN_PAGE_SIZE, type ConcernList } from '@sasaeai/contracts';
import { jstToday } from '@sasaeai/core';
import type { Database } from '@sasaeai/db/client';
import type { z } from 'zod';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { findConcerns, type ConcernStatus } from '../../repositories/concerns-repository.ts';
import { readableDistrictIds } from './case-access.ts';
import { concernView } from './concern-view.ts';

/** 見守り: a page of the cases of the user's districts (an admin's: every district), overdue first. */
export async function listConcerns(
  db: Database,
  user: SessionUser,
  { status, page }: { status?: ConcernStatus | undefined; page: number },
  now = new Date(),
): Promise<z.infer<typeof ConcernList>> {
  const rows = await findConcerns(db, {
    districtIds: readableDistrictIds(user),
    status,
    today: jstToday(now),
    limit: CONCERN_PAGE_SIZE + 1,
    offset: (page - 1) * CONCERN_PAGE_SIZE,
  });
  return {
    concerns: rows.slice(0, CONCERN_PAGE_SIZE).map(concernView),
    hasMore: rows.length > CONCERN_PAGE_SIZE,
  };
}
