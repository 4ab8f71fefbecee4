import type { Channels } from './channel.ts';
import { createEmailChannel } from './email-channel.ts';
import { createPhoneCallChannel } from './phone-call-channel.ts';

/** The channels this worker can use: e-mail only when SMTP is configured; phone calls always. */
export function createNotificationChannels(options: {
  smtpUrl: string | undefined;
  mailFrom: string;
}): Channels {
  return {
    ...(options.smtpUrl
      ? { email: createEmailChannel({ smtpUrl: options.smtpUrl, from: options.mailFrom }) }
      : {}),
    phone_call: createPhoneCallChannel(),
  };
}
