import type { WorkerEnv } from '../env.ts';
import type { Channels } from './channel.ts';
import { createEmailChannel } from './email-channel.ts';
import { createLineChannel } from './line-channel.ts';
import { createPhoneCallChannel } from './phone-call-channel.ts';
import { createSmsChannel } from './sms-channel.ts';

export interface ChannelSettings {
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Twilio: all of these, or SMS is off. */
  sms?: { apiUrl: string; accountSid: string; authToken: string; from: string } | undefined;
  /** LINE Messaging API: a channel access token, or LINE is off. */
  line?: { apiUrl: string; channelAccessToken: string } | undefined;
}

/**
 * The channels this worker can use: each only when configured (a channel left out is off and
 * its rows are `skipped`, falling to the person's next channel); phone calls always.
 */
export function createNotificationChannels(options: ChannelSettings): Channels {
  return {
    ...(options.smtpUrl
      ? { email: createEmailChannel({ smtpUrl: options.smtpUrl, from: options.mailFrom }) }
      : {}),
    ...(options.sms ? { sms: createSmsChannel(options.sms) } : {}),
    ...(options.line ? { line: createLineChannel(options.line) } : {}),
    phone_call: createPhoneCallChannel(),
  };
}

/** The channel settings in the worker's environment (each channel on only when complete). */
export function channelSettingsFrom(env: WorkerEnv): ChannelSettings {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: from } = env;
  return {
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    sms:
      accountSid && authToken && from
        ? { apiUrl: env.TWILIO_API_URL, accountSid, authToken, from }
        : undefined,
    line: env.LINE_CHANNEL_ACCESS_TOKEN
      ? { apiUrl: env.LINE_API_URL, channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN }
      : undefined,
  };
}
