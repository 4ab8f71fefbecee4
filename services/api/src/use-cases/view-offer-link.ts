import type { FastifyInstance } from 'fastify';
import type { OfferLinkView } from '@sasaeai/contracts';
import { offerLinkState } from '@sasaeai/core';
import { checkActionToken, offerPurposes } from '@sasaeai/db/action-links';
import { translateActionLink } from '../errors/action-link-errors.ts';
import { offerOfLink } from '../repositories/offer-links.ts';
import { presentMatchAfterMove } from './present-match.ts';

/**
 * How long after answering the link still shows what was done (the page after the answer's
 * redirect, and its reloads): the outcome, and after an acceptance the resident's contact,
 * each showing audited like the answer's own. Later the link says only that it was used.
 */
export const ANSWERED_VIEW_MS = 15 * 60_000;

/** What a one-tap link is for: the task (no address) and whether it can still be answered. */
export async function viewOfferLink(
  app: FastifyInstance,
  token: string,
  now = new Date(),
): Promise<OfferLinkView> {
  return translateActionLink(
    (async () => {
      const link = await checkActionToken(app.db, token, offerPurposes, {
        now,
        usedSince: new Date(now.getTime() - ANSWERED_VIEW_MS),
      });
      const offer = await offerOfLink(app.db, link);
      const state = offerLinkState(offer, now);
      const contact =
        link.usedAt && state === 'accepted'
          ? (await presentMatchAfterMove(app, link.userId, offer.matchId, [])).contact
          : null;
      return {
        purpose: link.purpose === 'offer.decline' ? 'offer.decline' : 'offer.accept',
        state,
        offerExpiresAt: offer.offerExpiresAt?.toISOString() ?? null,
        task: offer.task,
        answeredAt: link.usedAt?.toISOString() ?? null,
        contact,
      };
    })(),
  );
}
