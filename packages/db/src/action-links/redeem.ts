import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { ActionPurpose } from '@sasaeai/contracts';
import type { DbOrTx, Tx } from '../client.ts';
import { actionTokens, matches } from '../schema/index.ts';
import { parseToken, secretMatches } from './token.ts';

export type ActionToken = typeof actionTokens.$inferSelect;

/** Why a link does nothing. A wrong secret is `invalid`, never `used` or `expired`. */
export type ActionLinkRefusal = 'invalid' | 'used' | 'expired';

export class ActionLinkError extends Error {
  constructor(readonly reason: ActionLinkRefusal) {
    super(`action link ${reason}`);
  }
}

export const offerPurposes = ['offer.accept', 'offer.decline'] as const;

/**
 * The stored token a link stands for, if it is well formed, known, for one of `purposes`, its
 * secret matches (compared in constant time), unused and unexpired; otherwise ActionLinkError.
 * In a transaction, `lock` holds the row until commit, so two taps cannot both use it.
 * `usedSince` lets a link used at or after that moment through (its `usedAt` set), to show
 * what was done with it; acting always checks without it.
 */
export async function checkActionToken(
  db: DbOrTx,
  token: string,
  purposes: readonly ActionPurpose[],
  options: { lock?: boolean; now?: Date; usedSince?: Date } = {},
): Promise<ActionToken> {
  const parts = parseToken(token);
  if (!parts) throw new ActionLinkError('invalid');
  const query = db.select().from(actionTokens).where(eq(actionTokens.id, parts.id));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row || !purposes.includes(row.purpose) || !secretMatches(parts.secret, row.secretHash)) {
    throw new ActionLinkError('invalid');
  }
  if (row.usedAt) {
    // Only to be looked at (never to act again): a link used since `usedSince` is returned.
    if (options.usedSince && row.usedAt >= options.usedSince) return row;
    throw new ActionLinkError('used');
  }
  if (row.expiresAt <= (options.now ?? new Date())) throw new ActionLinkError('expired');
  return row;
}

/**
 * An offer link checked for use in `tx`, locking the offer's match first and then the token.
 * Both links of an offer and the app's own answer then queue behind one lock in one order;
 * locking the token first would deadlock two links tapped together, as each went on to lock
 * the match and use up the other.
 */
export async function lockOfferActionToken(
  tx: Tx,
  token: string,
  now = new Date(),
): Promise<ActionToken> {
  const unlocked = await checkActionToken(tx, token, offerPurposes, { now });
  await tx
    .select({ id: matches.id })
    .from(matches)
    .where(eq(matches.id, unlocked.matchId!))
    .for('update');
  return checkActionToken(tx, token, offerPurposes, { lock: true, now });
}

/**
 * Uses up a token and its siblings: both links of an offer, or every reset link of the account.
 * Runs in the transaction that does what the link asked for, so a failure leaves it usable.
 */
export async function useActionToken(tx: Tx, token: ActionToken, now = new Date()): Promise<void> {
  const siblings =
    token.matchId === null
      ? and(eq(actionTokens.userId, token.userId), eq(actionTokens.purpose, token.purpose))
      : and(eq(actionTokens.matchId, token.matchId), inArray(actionTokens.purpose, offerPurposes));
  await tx
    .update(actionTokens)
    .set({ usedAt: now })
    .where(and(siblings, isNull(actionTokens.usedAt)));
}
