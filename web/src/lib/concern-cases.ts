/**
 * The 見守り case pages' choices, in the order they are shown. Browser-safe: the contracts are
 * used for types only (their zod enums stay out of the browser); the `Record` keeps each list
 * complete when the contracts grow.
 */
import type {
  ConcernNoteKind,
  ConcernStatus,
  ReferralStatus,
  ReferralTarget,
} from '@sasaeai/contracts';

const keysOf = <K extends string>(record: Record<K, true>) => Object.keys(record) as K[];

export const caseStatuses = keysOf<ConcernStatus>({ open: true, in_progress: true, closed: true });
export const noteKinds = keysOf<ConcernNoteKind>({ note: true, consultation: true });
export const referralTargets = keysOf<ReferralTarget>({
  houkatsu: true,
  minsei_iin: true,
  family: true,
  other: true,
});

/** The moves a referral may make (the API's table in use-cases/concerns/referrals.ts). */
const nextReferralStatuses: Record<ReferralStatus, readonly ReferralStatus[]> = {
  proposed: ['made', 'closed'],
  made: ['accepted', 'declined', 'closed'],
  accepted: ['closed'],
  declined: ['closed'],
  closed: [],
};

/** The choices a referral's status field offers: where it is, then where it may go. */
export function referralStatusChoices(current: ReferralStatus): ReferralStatus[] {
  return [current, ...nextReferralStatuses[current]];
}
