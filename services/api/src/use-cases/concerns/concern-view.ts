import type { ConcernView } from '@sasaeai/contracts';
import type { z } from 'zod';
import type { ConcernRow } from '../../repositories/concerns-repository.ts';

interface Row {
  concern: ConcernRow;
  district: string;
  raisedBy: string;
  residentName: string | null;
  nextFollowUp: string | null;
  overdue: boolean;
}

export function concernView(row: Row): z.infer<typeof ConcernView> {
  return {
    id: row.concern.id,
    requestId: row.concern.requestId,
    district: row.district,
    status: row.concern.status,
    note: row.concern.note,
    raisedBy: row.raisedBy,
    residentName: row.residentName ?? '',
    createdAt: row.concern.createdAt.toISOString(),
    followUpOn: row.nextFollowUp,
    overdue: row.overdue,
  };
}
