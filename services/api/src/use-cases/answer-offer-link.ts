import type { FastifyInstance } from 'fastify';
import type { OfferAnswerBody, OfferAnswerResponse } from '@sasaeai/contracts';
import { offerLinkState } from '@sasaeai/core';
import { lockOfferActionToken, useActionToken } from '@sasaeai/db/action-links';
import { acceptOffer, declineOffer, TransitionError } from '@sasaeai/db/help-loop';
import { offerClosed, translateActionLink } from '../errors/action-link-errors.ts';
import { translateTransition } from '../errors/transition-errors.ts';
import { offerOfLink } from '../repositories/offer-links.ts';
import { presentMatchAfterMove } from './present-match.ts';

/**
 * Answers an offer from its link, as the volunteer would in the app: the same guarded
 * transition, in one transaction with using up the link (so a failure leaves it usable), then
 * the same answer — the resident's contact after an acceptance, its reveal audited.
 */
export async function answerOfferLink(
  app: FastifyInstance,
  token: string,
  answer: OfferAnswerBody['answer'],
): Promise<OfferAnswerResponse> {
  const now = new Date();
  const moved = await translateActionLink(
    translateTransition(
      app.db.transaction(async (tx) => {
        const link = await lockOfferActionToken(tx, token, now);
        const offer = await offerOfLink(tx, link);
        const state = offerLinkState(offer, now);
        if (state !== 'open') throw offerClosed(state);
        const move = answer === 'accept' ? acceptOffer : declineOffer;
        try {
          const { notices } = await move(tx, offer.matchId, link.userId);
          await useActionToken(tx, link, now);
          return { notices, matchId: offer.matchId, volunteerId: link.userId };
        } catch (error) {
          // Answered a moment ago, through the app or the other link.
          if (error instanceof TransitionError && error.reason === 'invalid_state') {
            const after = offerLinkState(await offerOfLink(tx, link), now);
            throw offerClosed(after === 'open' ? 'withdrawn' : after);
          }
          throw error;
        }
      }),
    ),
  );
  const match = await presentMatchAfterMove(app, moved.volunteerId, moved.matchId, moved.notices);
  const { request } = match;
  return {
    state: answer === 'accept' ? 'accepted' : 'declined',
    task: {
      category: request.category,
      district: request.district,
      districtName: request.districtName,
      districtNameEn: request.districtNameEn,
      windowStart: request.windowStart,
      windowEnd: request.windowEnd,
      asSoonAsPossible: request.asSoonAsPossible,
      peopleNeeded: request.peopleNeeded,
      urgency: request.urgency,
      notes: request.notes,
    },
    contact: match.contact,
  };
}
