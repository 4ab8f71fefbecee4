import { loadDevProvidersEnv } from './env.ts';
import { startProviderServer } from './provider-server.ts';

/**
 * The local SMS (Twilio) and LINE providers `npm start` runs beside the worker, on
 * DEV_PROVIDERS_PORT (1090): the worker sends to them, `/` lists what they accepted, and
 * `POST /inbound` `{"provider":"sms","from":"+819012345678","text":"1"}` plays a reply,
 * posted to the API's webhook with a valid signature. Loopback only; kept in memory.
 */
let env: ReturnType<typeof loadDevProvidersEnv>;
try {
  env = loadDevProvidersEnv();
} catch (error) {
  process.stderr.write(`[dev-providers] ${(error as Error).message}\n`);
  process.exit(1);
}

const server = await startProviderServer({
  port: env.DEV_PROVIDERS_PORT,
  ...(env.DEV_PROVIDERS_RATE_PER_SECOND > 0
    ? { ratePerSecond: env.DEV_PROVIDERS_RATE_PER_SECOND }
    : {}),
  ...(env.DEV_PROVIDERS_SMS_WEBHOOK_URL
    ? { smsWebhookUrl: env.DEV_PROVIDERS_SMS_WEBHOOK_URL }
    : {}),
  ...(env.DEV_PROVIDERS_LINE_WEBHOOK_URL
    ? { lineWebhookUrl: env.DEV_PROVIDERS_LINE_WEBHOOK_URL }
    : {}),
  ...(env.TWILIO_ACCOUNT_SID ? { twilioAccountSid: env.TWILIO_ACCOUNT_SID } : {}),
  ...(env.TWILIO_AUTH_TOKEN ? { twilioAuthToken: env.TWILIO_AUTH_TOKEN } : {}),
  ...(env.LINE_CHANNEL_ACCESS_TOKEN
    ? { lineChannelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN }
    : {}),
  ...(env.LINE_CHANNEL_SECRET ? { lineChannelSecret: env.LINE_CHANNEL_SECRET } : {}),
});
process.stdout.write(`[dev-providers] SMS and LINE providers on port ${String(server.port)}\n`);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
