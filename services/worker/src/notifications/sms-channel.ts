import { chatTextFor, type Channel, type SendResult } from './channel.ts';
import { classifyFetchError, classifyHttpFailure, PROVIDER_TIMEOUT_MS } from './provider-http.ts';

export interface SmsChannelOptions {
  /** Twilio's API (https://api.twilio.com) or a local stand-in. */
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or a Messaging Service SID (`MG…`). */
  from: string;
  timeoutMs?: number;
}

/**
 * SMS through Twilio's Messages API: `POST /2010-04-01/Accounts/{sid}/Messages.json`, form
 * `To`, `From` (or `MessagingServiceSid`), `Body`, basic auth; 201 with the message `sid`.
 */
export function createSmsChannel(options: SmsChannelOptions): Channel {
  const endpoint = `${options.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const sender = options.from.startsWith('MG') ? 'MessagingServiceSid' : 'From';
  return {
    async send(message): Promise<SendResult> {
      if (!message.to) return { outcome: 'permanent', reason: 'no number' };
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            authorization,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: new URLSearchParams({
            To: message.to,
            [sender]: options.from,
            Body: chatTextFor(message),
          }).toString(),
          signal: AbortSignal.timeout(options.timeoutMs ?? PROVIDER_TIMEOUT_MS),
        });
      } catch (error) {
        return classifyFetchError('sms', error);
      }
      if (response.status !== 201 && response.status !== 200) {
        return classifyHttpFailure('sms', response);
      }
      const body = (await response.json().catch(() => ({}))) as { sid?: unknown };
      return typeof body.sid === 'string'
        ? { outcome: 'sent', providerMessageId: body.sid }
        : { outcome: 'retry', reason: 'sms bad answer' };
    },
  };
}
