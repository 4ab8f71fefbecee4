import type { Locale, NotificationEventType } from '@sasaeai/contracts';
import type { RenderedMessage } from './templates.ts';

/** Twilio's limit is 1,600 characters; LINE's 5,000. Leave room for the reply line. */
const MAX_CHAT_TEXT = 1_400;

const replyHint: Record<Locale, string> = {
  ja: '返信で 答えられます: 引き受けるなら「1」（はい）、ことわるなら「2」（いいえ）。',
  en: 'You can answer by reply: "1" (yes) to accept, "2" (no) to decline.',
};

/**
 * A message as one text for a phone: the subject, then the body; an offer ends with how to
 * answer it by replying 1 / 2 (the webhook takes the reply as the answer).
 */
export function chatTextOf(
  eventType: NotificationEventType,
  language: Locale,
  message: RenderedMessage,
): string {
  const body = `${message.subject}\n\n${message.text}`.slice(0, MAX_CHAT_TEXT);
  return eventType === 'match.offered' ? `${body}\n\n${replyHint[language]}` : body;
}
