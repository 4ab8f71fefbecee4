import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { actionTokens, matches } from '../schema/index.ts';
import { newToken } from './token.ts';

/** A password-reset link is good for an hour: long enough to find the mail, short if it leaks. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/**
 * The two links of an offer e-mail or letter, bound to the match's volunteer. Paths only
 * (`/a/<token>`); the caller adds the site's base URL. Either link opens the same page, where
 * the volunteer may still choose; answering with one uses up both.
 */
export async function issueOfferActionLinks(
  db: DbOrTx,
  input: { matchId: string; expiresAt: Date },
): Promise<{ acceptPath: string; declinePath: string }> {
  const [match] = await db
    .select({ volunteerId: matches.volunteerId })
    .from(matches)
    .where(eq(matches.id, input.matchId));
  if (!match) throw new Error(`no match ${input.matchId}`);
  const [links] = await issueOfferActionLinksMany(db, [{ ...input, ...match }]);
  return links!;
}

/** The links of many offers in one statement (a batch of offer mails); in the order given. */
export async function issueOfferActionLinksMany(
  db: DbOrTx,
  offers: readonly { matchId: string; volunteerId: string; expiresAt: Date }[],
): Promise<{ matchId: string; acceptPath: string; declinePath: string }[]> {
  if (offers.length === 0) return [];
  const issued = offers.map((offer) => ({ offer, accept: newToken(), decline: newToken() }));
  await db.insert(actionTokens).values(
    issued.flatMap(({ offer, accept, decline }) => {
      const common = {
        userId: offer.volunteerId,
        matchId: offer.matchId,
        expiresAt: offer.expiresAt,
      };
      return [
        {
          ...common,
          id: accept.id,
          secretHash: accept.secretHash,
          purpose: 'offer.accept' as const,
        },
        {
          ...common,
          id: decline.id,
          secretHash: decline.secretHash,
          purpose: 'offer.decline' as const,
        },
      ];
    }),
  );
  return issued.map(({ offer, accept, decline }) => ({
    matchId: offer.matchId,
    acceptPath: `/a/${accept.token}`,
    declinePath: `/a/${decline.token}`,
  }));
}

/**
 * A password-reset link (`/password-reset/<token>`), issued when the mail is rendered so the
 * secret never waits in the outbox. Earlier unused reset links of the account stop working.
 */
export async function issuePasswordResetLink(
  db: DbOrTx,
  input: { userId: string; now?: Date },
): Promise<{ path: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
  const token = newToken();
  await db
    .update(actionTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(actionTokens.userId, input.userId),
        eq(actionTokens.purpose, 'password.reset'),
        isNull(actionTokens.usedAt),
      ),
    );
  await db.insert(actionTokens).values({
    id: token.id,
    secretHash: token.secretHash,
    purpose: 'password.reset',
    userId: input.userId,
    expiresAt,
  });
  return { path: `/password-reset/${token.token}`, expiresAt };
}
