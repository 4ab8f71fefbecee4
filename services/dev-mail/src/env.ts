import { integerSetting, parseEnv, setting } from '@sasaeai/contracts';
import { z } from 'zod';

export const DevMailEnv = z.object({
  DEV_MAIL_SMTP_PORT: setting(integerSetting(1, 65_535).default(1025)),
  DEV_MAIL_HTTP_PORT: setting(integerSetting(1, 65_535).default(1080)),
});

/** The development mailbox's two ports; a bad value stops it with one line naming the variable. */
export function loadDevMailEnv(env: Record<string, string | undefined> = process.env): {
  smtpPort: number;
  httpPort: number;
} {
  const parsed = parseEnv(DevMailEnv, env, 'dev-mail');
  return { smtpPort: parsed.DEV_MAIL_SMTP_PORT, httpPort: parsed.DEV_MAIL_HTTP_PORT };
}
