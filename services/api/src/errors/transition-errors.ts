import { TransitionError, type TransitionFailure } from '@sasaeai/db/help-loop';
import type { BilingualText } from '@sasaeai/contracts';
import { AppError } from './app-error.ts';

const messages: Record<Exclude<TransitionFailure, 'not_found'>, BilingualText> = {
  invalid_state: {
    ja: 'いまの状態では、この操作はできません。画面を更新してください。',
    en: 'This cannot be done in the current state. Please reload.',
  },
  volunteer_booked: {
    ja: 'この担い手は同じ時間に別の予定が入っています。',
    en: 'This volunteer is already booked at that time.',
  },
  request_full: {
    ja: 'この依頼には、もう必要な人数が決まっています。',
    en: 'This request already has all the helpers it needs.',
  },
  already_on_request: {
    ja: 'この担い手は、すでにこの依頼の候補です。',
    en: 'This volunteer is already on this request.',
  },
  not_eligible: {
    ja: 'この担い手には依頼できません（確認前・停止中など）。',
    en: 'This volunteer cannot take the request (not verified or suspended).',
  },
  not_started: {
    ja: 'お手伝いの 日より 前には、終わったと 報告できません。当日に なってから 報告してください。',
    en: 'A task cannot be reported done before its day (Japan time). Please report it on the day.',
  },
  no_longer_open: {
    ja: 'この お手伝いは もう 受けられません（ほかの 人に お願いしたか、取り消されました）。',
    en: 'This task can no longer be taken (someone else was asked, or it was cancelled).',
  },
  undo_expired: {
    ja: '取り消せる 時間（2分）を 過ぎました。やはり てつだえる ときは、センターに 電話して ください。',
    en: 'The time to take this back (2 minutes) has passed. If you can help after all, please phone the centre.',
  },
};

/** Why a transition was refused, in both languages (for answers that report several). */
export function transitionMessage(reason: TransitionFailure): BilingualText {
  return reason === 'not_found' ? { ja: '見つかりません。', en: 'Not found.' } : messages[reason];
}

/** A refused transition as its answer: 404 when the record is gone, 409 otherwise. */
export function appErrorForTransition(error: TransitionError): AppError {
  if (error.reason === 'not_found') return new AppError('not_found');
  return new AppError('conflict', messages[error.reason]);
}

/** Runs a help-loop transition and turns its refusals into 404 / 409 answers. */
export async function translateTransition<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TransitionError) throw appErrorForTransition(error);
    throw error;
  }
}
