import type { BilingualText, OfferLinkState } from '@sasaeai/contracts';
import { ActionLinkError, type ActionLinkRefusal } from '@sasaeai/db/action-links';
import { AppError } from './app-error.ts';

const codeFor = {
  invalid: 'link_invalid',
  used: 'link_used',
  expired: 'link_expired',
} as const satisfies Record<ActionLinkRefusal, string>;

const closedMessages: Record<Exclude<OfferLinkState, 'open'>, BilingualText> = {
  accepted: {
    ja: 'この依頼は、もう引き受けています。内容はログインして確かめられます。',
    en: 'You have already accepted this request. Log in to see it.',
  },
  declined: {
    ja: 'この依頼は、もう断っています。',
    en: 'You have already declined this request.',
  },
  expired: {
    ja: '返事の期限が過ぎたため、この依頼はほかの方におねがいしています。',
    en: 'The time to answer has passed, so this request has gone to someone else.',
  },
  withdrawn: {
    ja: 'この依頼は取り消されたか、ほかの方に決まりました。',
    en: 'This request was withdrawn or has gone to someone else.',
  },
  volunteer_suspended: {
    ja: 'いまは活動を休止中のため、引き受けられません。センターにお問い合わせください。',
    en: 'Your volunteering is paused, so you cannot take this request. Please contact the centre.',
  },
  done: { ja: 'この依頼は、もう終わっています。', en: 'This request has already been done.' },
};

export function offerClosed(state: Exclude<OfferLinkState, 'open'>): AppError {
  return new AppError('offer_closed', closedMessages[state]);
}

/** Turns a link's refusal (unknown, tampered, used, expired) into its 404 / 410 answer. */
export async function translateActionLink<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ActionLinkError) throw new AppError(codeFor[error.reason]);
    throw error;
  }
}
