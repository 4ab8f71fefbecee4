/** The development mailbox's two ports; a bad value stops it with one line naming the variable. */
export function loadDevMailEnv(env: Record<string, string | undefined> = process.env): {
  smtpPort: number;
  httpPort: number;
} {
  const port = (name: string, fallback: number) => {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65_535) {
      throw new Error(`${name} must be a port number (1–65535)`);
    }
    return value;
  };
  return { smtpPort: port('DEV_MAIL_SMTP_PORT', 1025), httpPort: port('DEV_MAIL_HTTP_PORT', 1080) };
}
