import type { FastifyInstance } from 'fastify';
import { and, desc, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Locale } from '@sasaeai/contracts';
import { acceptOffer, declineOffer, TransitionError } from '@sasaeai/db/help-loop';
import { inboundMessages, matches, notificationPreferences, users } from '@sasaeai/db/schema';
import { publishNotices } from '../live/publish.ts';
import { readReply, storableText } from '../webhooks/reply-intent.ts';
import type { ReplyOutcome } from '../webhooks/reply-texts.ts';

export interface InboundMessage {
  channel: 'sms' | 'line';
  /** Twilio MessageSid / LINE webhookEventId: a message delivered twice is handled once. */
  providerMessageId: string;
  /** E.164 phone number (SMS) or LINE user id. */
  sender: string;
  text: string;
}

export interface ReplyDecision {
  outcome: ReplyOutcome;
  language: Locale;
}

/**
 * A volunteer's reply by SMS or LINE: `1` / はい accepts their latest live offer and `2` /
 * いいえ declines it, through the same guarded transitions (and audit) as the app's buttons; a
 * LINE link code links the sender's LINE account. Every message is recorded (its text in the
 * table only, never in a log) and gets an outcome, which the caller answers with a reply.
 */
export async function answerByReply(
  app: FastifyInstance,
  message: InboundMessage,
): Promise<ReplyDecision> {
  const body = storableText(message.text);
  const sender = storableText(message.sender).slice(0, 100);
  const [inserted] = await app.db
    .insert(inboundMessages)
    .values({
      channel: message.channel,
      providerMessageId: storableText(message.providerMessageId).slice(0, 100),
      sender,
      body,
      intent: 'pending',
      outcome: 'pending',
    })
    .onConflictDoNothing()
    .returning({ id: inboundMessages.id });
  if (!inserted) return repeated(app, message);

  const intent = readReply(message.text);
  const decide = async (
    outcome: ReplyOutcome,
    extra: { userId?: string; matchId?: string; language?: Locale } = {},
  ): Promise<ReplyDecision> => {
    await app.db
      .update(inboundMessages)
      .set({
        intent: intent.kind,
        outcome,
        userId: extra.userId ?? null,
        matchId: extra.matchId ?? null,
      })
      .where(eq(inboundMessages.id, inserted.id));
    app.log.info(
      { inboundId: inserted.id, channel: message.channel, intent: intent.kind, outcome },
      'inbound message',
    );
    return { outcome, language: extra.language ?? 'ja' };
  };

  if (intent.kind === 'link' && message.channel === 'line') {
    const userId = await linkLine(app, intent.code, message.sender);
    if (!userId) return decide('link_invalid');
    return decide('linked', { userId, language: await localeOf(app, userId) });
  }

  const people = await sendersAccount(app, message);
  if (people.length === 0) return decide('unknown_sender');
  const offer = await latestOffer(
    app,
    people.map((person) => person.id),
  );
  const person = people.find((p) => p.id === offer?.volunteerId) ?? people[0]!;
  const language = person.locale;
  if (intent.kind !== 'accept' && intent.kind !== 'decline') {
    return decide('unclear', { userId: person.id, language });
  }
  if (!offer) return decide('no_offer', { userId: person.id, language });
  const about = { userId: person.id, matchId: offer.id, language };
  // Answered already (a second "1", or "2" after accepting): "closed" would read as withdrawn.
  if (offer.status === 'accepted' || offer.status === 'completed') {
    return decide('already_accepted', about);
  }
  if (offer.status === 'declined') return decide('already_declined', about);
  if (offer.status !== 'offered' || (offer.expiresAt && offer.expiresAt <= new Date())) {
    return decide('late', about);
  }
  try {
    const move = intent.kind === 'accept' ? acceptOffer : declineOffer;
    const { notices } = await move(app.db, offer.id, offer.volunteerId);
    await publishNotices(app, notices);
  } catch (error) {
    if (!(error instanceof TransitionError)) throw error;
    return decide(error.reason === 'invalid_state' ? 'late' : 'refused', about);
  }
  return decide(intent.kind === 'accept' ? 'accepted' : 'declined', about);
}

/** The same message again (a provider's redelivery): the same answer, nothing done twice. */
async function repeated(app: FastifyInstance, message: InboundMessage): Promise<ReplyDecision> {
  const [earlier] = await app.db
    .select({ outcome: inboundMessages.outcome, locale: users.locale })
    .from(inboundMessages)
    .leftJoin(users, eq(users.id, inboundMessages.userId))
    .where(
      and(
        eq(inboundMessages.channel, message.channel),
        eq(inboundMessages.providerMessageId, message.providerMessageId),
      ),
    );
  const outcome = (earlier?.outcome ?? 'unclear') as ReplyOutcome | 'pending';
  return {
    outcome: outcome === 'pending' ? 'unclear' : outcome,
    language: earlier?.locale ?? 'ja',
  };
}

async function localeOf(app: FastifyInstance, userId: string): Promise<Locale> {
  const [row] = await app.db
    .select({ locale: users.locale })
    .from(users)
    .where(eq(users.id, userId));
  return row?.locale ?? 'ja';
}

/** Whose phone or LINE this is (a family may share one phone: several people). */
async function sendersAccount(app: FastifyInstance, message: InboundMessage) {
  const column =
    message.channel === 'sms'
      ? notificationPreferences.smsPhone
      : notificationPreferences.lineUserId;
  return app.db
    .select({ id: users.id, locale: users.locale })
    .from(notificationPreferences)
    .innerJoin(users, eq(users.id, notificationPreferences.userId))
    .where(and(eq(column, message.sender), isNull(users.anonymisedAt)))
    .limit(10);
}

/** The latest offer made to any of these people (live or not: a closed one is "late"). */
async function latestOffer(app: FastifyInstance, volunteerIds: string[]) {
  const [live] = await app.db
    .select({
      id: matches.id,
      volunteerId: matches.volunteerId,
      status: matches.status,
      expiresAt: matches.offerExpiresAt,
    })
    .from(matches)
    .where(and(inArray(matches.volunteerId, volunteerIds), eq(matches.status, 'offered')))
    .orderBy(desc(matches.offeredAt))
    .limit(1);
  if (live) return live;
  const [latest] = await app.db
    .select({
      id: matches.id,
      volunteerId: matches.volunteerId,
      status: matches.status,
      expiresAt: matches.offerExpiresAt,
    })
    .from(matches)
    .where(and(inArray(matches.volunteerId, volunteerIds), isNotNull(matches.offeredAt)))
    .orderBy(desc(matches.offeredAt))
    .limit(1);
  return latest;
}

/** Links the LINE user to the account whose open code this is; the code is used up. */
async function linkLine(
  app: FastifyInstance,
  code: string,
  lineUserId: string,
): Promise<string | undefined> {
  return app.db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ userId: notificationPreferences.userId })
      .from(notificationPreferences)
      .where(
        and(
          eq(notificationPreferences.lineLinkCode, code),
          gt(notificationPreferences.lineLinkCodeExpiresAt, sql`now()`),
        ),
      )
      .for('update');
    if (!owner) return undefined;
    // One LINE account reaches one person: it leaves whoever had it before.
    await tx
      .update(notificationPreferences)
      .set({ lineUserId: null })
      .where(eq(notificationPreferences.lineUserId, lineUserId));
    await tx
      .update(notificationPreferences)
      .set({ lineUserId, lineLinkCode: null, lineLinkCodeExpiresAt: null })
      .where(eq(notificationPreferences.userId, owner.userId));
    return owner.userId;
  });
}
