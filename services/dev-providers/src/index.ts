export {
  startProviderServer,
  type Fault,
  type Provider,
  type ProviderCredentials,
  type ProviderServer,
  type ProviderServerOptions,
  type ReceivedMessage,
} from './provider-server.ts';
export { lineSignature, twilioSignature } from './signatures.ts';
