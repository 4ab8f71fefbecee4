import { integerSetting, parseEnv, setting, urlSetting } from '@sasaeai/contracts';
import { z } from 'zod';

const secret = setting(z.string().min(8).max(200).optional());

export const DevProvidersEnv = z.object({
  DEV_PROVIDERS_PORT: setting(integerSetting(1, 65_535).default(1090)),
  /** Requests a second each provider takes before answering 429 (0: no limit). */
  DEV_PROVIDERS_RATE_PER_SECOND: setting(integerSetting(0, 10_000).default(0)),
  DEV_PROVIDERS_SMS_WEBHOOK_URL: setting(urlSetting(/^https?$/, 'http:// or https://').optional()),
  DEV_PROVIDERS_LINE_WEBHOOK_URL: setting(urlSetting(/^https?$/, 'http:// or https://').optional()),
  TWILIO_ACCOUNT_SID: secret,
  TWILIO_AUTH_TOKEN: secret,
  LINE_CHANNEL_ACCESS_TOKEN: secret,
  LINE_CHANNEL_SECRET: secret,
});

export function loadDevProvidersEnv(env: Record<string, string | undefined> = process.env) {
  return parseEnv(DevProvidersEnv, env, 'dev-providers');
}
