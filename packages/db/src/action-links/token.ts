import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 120 bits of randomness, base32: unguessable, and safe to read out or retype from a letter. */
function randomPart(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export interface NewToken {
  id: string;
  secretHash: Uint8Array;
  /** `<id>.<secret>`: goes into the link and nowhere else. */
  token: string;
}

export function newToken(): NewToken {
  const id = randomPart();
  const secret = randomPart();
  return { id, secretHash: hashSecret(secret), token: `${id}.${secret}` };
}

const shape = /^([a-z2-7]{24})\.([a-z2-7]{24})$/;

/** The id and secret of a well-formed token; null for anything else. */
export function parseToken(token: string): { id: string; secret: string } | null {
  const parts = shape.exec(token);
  return parts ? { id: parts[1]!, secret: parts[2]! } : null;
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  return constantTimeEqual(hashSecret(secret), storedHash);
}
