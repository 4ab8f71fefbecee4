import { createHmac } from 'node:crypto';

// The environment holds no server secret to key this with; a fixed salt still keeps addresses
// out of Redis (keys, MONITOR, dumps), though whoever has the code could test a guessed address.
const ACCOUNT_KEY_SALT = 'sasaeai:account-key:v1';

/** Names an account in Redis keys without its e-mail address: HMAC-SHA-256 of the address. */
export function accountKey(email: string): string {
  return createHmac('sha256', ACCOUNT_KEY_SALT)
    .update(email.trim().toLowerCase())
    .digest('base64url');
}
