import type { OfferLinkView } from '@sasaeai/contracts';
import { offerLinkState } from '@sasaeai/core';
import type { DbOrTx } from '@sasaeai/db/client';
import { checkActionToken, offerPurposes } from '@sasaeai/db/action-links';
import { translateActionLink } from '../errors/action-link-errors.ts';
import { offerOfLink } from '../repositories/offer-links.ts';

/** What a one-tap link is for: the task (no address) and whether it can still be answered. */
export async function viewOfferLink(
  db: DbOrTx,
  token: string,
  now = new Date(),
): Promise<OfferLinkView> {
  return translateActionLink(
    (async () => {
      const link = await checkActionToken(db, token, offerPurposes, { now });
      const offer = await offerOfLink(db, link);
      return {
        purpose: link.purpose === 'offer.decline' ? 'offer.decline' : 'offer.accept',
        state: offerLinkState(offer, now),
        offerExpiresAt: offer.offerExpiresAt?.toISOString() ?? null,
        task: offer.task,
      };
    })(),
  );
}
