import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ActionTokenParams,
  ErrorBody,
  OfferAnswerBody,
  OfferAnswerResponse,
  OfferLinkView,
} from '@sasaeai/contracts';
import { answerOfferLink } from '../use-cases/answer-offer-link.ts';
import { viewOfferLink } from '../use-cases/view-offer-link.ts';

const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 410: ErrorBody };

/**
 * One-tap links from an offer message: no log-in, the token is the authority (bound to the
 * offer's volunteer). Rate-limited per address; POST keeps the same-origin check.
 */
const actionRoutes: FastifyPluginAsyncZod = async (app) => {
  const rateLimit = { max: app.config.ACTION_LINK_RATE_LIMIT_MAX, timeWindow: 60_000 };

  app.get(
    '/:token',
    {
      config: { rateLimit },
      schema: {
        tags: ['actions'],
        summary:
          'What a one-tap link is for: the offered task (no address) and its state; shortly after answering, the outcome',
        params: ActionTokenParams,
        response: { 200: OfferLinkView, ...errors },
      },
    },
    async (request) => viewOfferLink(app, request.params.token),
  );

  app.post(
    '/:token',
    {
      config: { rateLimit },
      schema: {
        tags: ['actions'],
        summary: 'Accept or decline the offer; after accepting, the resident’s contact',
        params: ActionTokenParams,
        body: OfferAnswerBody,
        response: { 200: OfferAnswerResponse, ...errors },
      },
    },
    async (request) => answerOfferLink(app, request.params.token, request.body.answer),
  );
};

export default actionRoutes;
