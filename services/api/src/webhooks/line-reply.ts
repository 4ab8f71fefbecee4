import type { FastifyBaseLogger } from 'fastify';

/**
 * Answers a LINE message through the Messaging API's reply endpoint (`POST
 * /v2/bot/message/reply` with the event's reply token, free of charge). A failure is logged by
 * status only; the message itself was already handled and recorded.
 */
export async function replyOnLine(
  options: { apiUrl: string; channelAccessToken: string | undefined; log: FastifyBaseLogger },
  replyToken: string,
  text: string,
): Promise<void> {
  if (!options.channelAccessToken) {
    options.log.warn('LINE reply not sent: LINE_CHANNEL_ACCESS_TOKEN is not set');
    return;
  }
  try {
    const response = await fetch(`${options.apiUrl}/v2/bot/message/reply`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.channelAccessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ replyToken, messages: [{ type: 'text', text }] }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) options.log.warn({ status: response.status }, 'LINE reply refused');
  } catch (error) {
    options.log.warn({ error: error instanceof Error ? error.name : 'error' }, 'LINE reply failed');
  }
}
