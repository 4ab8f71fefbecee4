import type { Channel } from './channel.ts';

/**
 * The last resort: the row itself becomes a task on the district coordinators' call list
 * (`channel = 'phone_call'`, `status = 'sent'`); a coordinator calls the person and the words
 * they need are the same rendered message. Nothing leaves the system, so it cannot fail.
 */
export function createPhoneCallChannel(): Channel {
  return {
    send: async (message) => ({
      outcome: 'sent',
      providerMessageId: `call-list:${message.notificationId}`,
    }),
  };
}
