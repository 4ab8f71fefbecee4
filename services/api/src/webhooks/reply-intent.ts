/** What a reply asks for: the answer to an offer, a LINE link code, or nothing we understand. */
export type ReplyIntent =
  { kind: 'accept' } | { kind: 'decline' } | { kind: 'link'; code: string } | { kind: 'unclear' };

/** Letters and digits of a LINE link code (no 0/O, 1/I look-alikes). */
export const LINK_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LINK_CODE = /^[A-HJ-NP-Z2-9]{8}$/;

const ACCEPT = new Set(['1', 'はい', 'ハイ', 'はーい', 'yes', 'y', 'ok', 'accept']);
const DECLINE = new Set(['2', 'いいえ', 'イイエ', 'no', 'n', 'decline']);

/**
 * Reads a reply: full-width digits and letters folded (NFKC), case and surrounding spaces and
 * punctuation ignored. Anything else — a sentence, a sticker, control characters — is unclear.
 */
export function readReply(text: string): ReplyIntent {
  if (text.length > 200) return { kind: 'unclear' };
  const folded = text
    .normalize('NFKC')
    .trim()
    .replace(/^[「"'(]+|[」"').。!！、,]+$/gu, '')
    .trim();
  const lower = folded.toLowerCase();
  if (ACCEPT.has(lower)) return { kind: 'accept' };
  if (DECLINE.has(lower)) return { kind: 'decline' };
  const code = folded.toUpperCase().replace(/[\s-]/g, '');
  if (LINK_CODE.test(code)) return { kind: 'link', code };
  return { kind: 'unclear' };
}

/** What is stored of an inbound text: no control characters or lone surrogates, 1,000 at most. */
export function storableText(text: string): string {
  return text
    .slice(0, 1_000)
    .replace(/\p{Cc}|\p{Cs}/gu, '\uFFFD')
    .normalize('NFC');
}
