import { createHmac, timingSafeEqual } from 'node:crypto';

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1 (auth token) of the full URL Twilio posted
 * to, followed by every POST parameter's name and value sorted by name.
 */
export function validTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!signature) return false;
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url);
  return sameText(signature, createHmac('sha1', authToken).update(data, 'utf8').digest('base64'));
}

/** LINE's `X-Line-Signature`: base64 HMAC-SHA256 (channel secret) of the raw body. */
export function validLineSignature(
  channelSecret: string,
  signature: string | undefined,
  rawBody: string,
): boolean {
  if (!signature) return false;
  return sameText(
    signature,
    createHmac('sha256', channelSecret).update(rawBody, 'utf8').digest('base64'),
  );
}
