import { chatTextFor, type Channel, type SendResult } from './channel.ts';
import { classifyFetchError, classifyHttpFailure, PROVIDER_TIMEOUT_MS } from './provider-http.ts';

export interface LineChannelOptions {
  /** The Messaging API (https://api.line.me) or a local stand-in. */
  apiUrl: string;
  channelAccessToken: string;
  timeoutMs?: number;
}

/**
 * LINE Messaging API push: `POST /v2/bot/message/push`, Bearer channel access token, JSON
 * `{to, messages: [{type: 'text', text}]}`; 200 `{sentMessages: [{id}]}`. The notification
 * row's id is the `X-Line-Retry-Key`, so an attempt repeated after a lost answer or a killed
 * worker is not delivered twice: LINE answers 409 with the request it had accepted.
 */
export function createLineChannel(options: LineChannelOptions): Channel {
  const endpoint = `${options.apiUrl.replace(/\/+$/, '')}/v2/bot/message/push`;
  return {
    async send(message): Promise<SendResult> {
      if (!message.to) return { outcome: 'permanent', reason: 'no line user' };
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.channelAccessToken}`,
            'content-type': 'application/json',
            'x-line-retry-key': message.notificationId,
          },
          body: JSON.stringify({
            to: message.to,
            messages: [{ type: 'text', text: chatTextFor(message).slice(0, 5000) }],
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? PROVIDER_TIMEOUT_MS),
        });
      } catch (error) {
        return classifyFetchError('line', error);
      }
      if (response.status === 409) {
        const accepted = response.headers.get('x-line-accepted-request-id');
        if (accepted) return { outcome: 'sent', providerMessageId: `request:${accepted}` };
      }
      if (response.status !== 200) return classifyHttpFailure('line', response);
      const body = (await response.json().catch(() => ({}))) as {
        sentMessages?: { id?: unknown }[];
      };
      const id = body.sentMessages?.[0]?.id;
      return typeof id === 'string'
        ? { outcome: 'sent', providerMessageId: id }
        : { outcome: 'retry', reason: 'line bad answer' };
    },
  };
}
