import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '@sasaeai/contracts';
import { AppError } from '../errors/app-error.ts';
import { answerByReply } from '../use-cases/answer-by-reply.ts';
import { replyOnLine } from '../webhooks/line-reply.ts';
import { replyText } from '../webhooks/reply-texts.ts';
import { validLineSignature, validTwilioSignature } from '../webhooks/signatures.ts';

/** A webhook's body is small: an SMS is at most 1,600 characters, a LINE event batch more. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody };

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char]!,
  );

const TwilioInbound = z.looseObject({
  MessageSid: z.string().min(1).max(100),
  From: z.string().min(1).max(100),
  Body: z.string().max(20_000).default(''),
});

const LineEvent = z.looseObject({
  type: z.string(),
  webhookEventId: z.string().min(1).max(100),
  replyToken: z.string().max(200).optional(),
  source: z.looseObject({ type: z.string(), userId: z.string().max(100).optional() }).optional(),
  message: z.looseObject({ type: z.string(), text: z.string().max(20_000).optional() }).optional(),
});
const LineWebhook = z.looseObject({ events: z.array(z.unknown()).max(100) });

/**
 * Inbound SMS (Twilio) and LINE messages. No session: each provider signs its request, and a
 * missing or wrong signature is 403 before anything is read. A webhook whose secret is not
 * configured answers 404. Every message gets an answer back (TwiML for SMS, the reply API for
 * LINE); what it said is recorded in `inbound_messages` and never logged.
 */
const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const config = app.config;
  // LINE signs the raw body: keep it as text (this scope only) and parse it after the check.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  app.post(
    '/sms',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags: ['webhooks'],
        summary: 'Inbound SMS (Twilio, X-Twilio-Signature): a reply 1 / 2 answers an offer',
        hide: true,
        // 200 is TwiML (text/xml), not JSON: no response schema.
      },
    },
    async (request, reply) => {
      const authToken = config.TWILIO_AUTH_TOKEN;
      if (!authToken) throw new AppError('not_found');
      const raw = (request.body ?? {}) as Record<string, unknown>;
      const params = Object.fromEntries(
        Object.entries(raw).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      );
      const signature = request.headers['x-twilio-signature'];
      const url = `${config.PUBLIC_BASE_URL}${request.url}`;
      if (
        typeof signature !== 'string' ||
        Object.keys(params).length !== Object.keys(raw).length ||
        !validTwilioSignature(authToken, signature, url, params)
      ) {
        throw new AppError('forbidden');
      }
      const inbound = TwilioInbound.safeParse(params);
      if (!inbound.success) throw new AppError('validation_failed');
      const decision = await answerByReply(app, {
        channel: 'sms',
        providerMessageId: inbound.data.MessageSid,
        sender: inbound.data.From,
        text: inbound.data.Body,
      });
      const text = replyText(decision.outcome, decision.language, config.PUBLIC_BASE_URL);
      return reply
        .code(200)
        .type('text/xml; charset=utf-8')
        .send(
          `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escapeXml(text)}</Message></Response>`,
        );
    },
  );

  app.post(
    '/line',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags: ['webhooks'],
        summary: 'Inbound LINE messages (X-Line-Signature): 1 / 2 answers, a code links LINE',
        hide: true,
        response: { 200: z.object({}), ...errors },
      },
    },
    async (request) => {
      const secret = config.LINE_CHANNEL_SECRET;
      if (!secret) throw new AppError('not_found');
      const raw = typeof request.body === 'string' ? request.body : '';
      const signature = request.headers['x-line-signature'];
      if (typeof signature !== 'string' || !validLineSignature(secret, signature, raw)) {
        throw new AppError('forbidden');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new AppError('validation_failed');
      }
      const webhook = LineWebhook.safeParse(parsed);
      if (!webhook.success) throw new AppError('validation_failed');
      for (const candidate of webhook.data.events) {
        const event = LineEvent.safeParse(candidate);
        // LINE's own verification request and events other than a person's message: nothing to do.
        if (!event.success || event.data.type !== 'message') continue;
        const userId = event.data.source?.userId;
        if (!userId || !event.data.replyToken) continue;
        const decision = await answerByReply(app, {
          channel: 'line',
          providerMessageId: event.data.webhookEventId,
          sender: userId,
          // A sticker or a photo has no text: unclear, and answered so.
          text: event.data.message?.type === 'text' ? (event.data.message.text ?? '') : '',
        });
        await replyOnLine(
          {
            apiUrl: config.LINE_API_URL,
            channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN,
            log: request.log,
          },
          event.data.replyToken,
          replyText(decision.outcome, decision.language, config.PUBLIC_BASE_URL),
        );
      }
      return {};
    },
  );
};

export default webhookRoutes;
