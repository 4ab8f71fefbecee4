import type { HelpCategory } from '@sasaeai/contracts';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import {
  districts,
  helpRequests,
  matches,
  thanks,
  users,
  volunteerProfiles,
} from '../schema/index.ts';
import type { NotificationRow } from './delivery.ts';

/**
 * What a message about one row may say, read when it is sent (so it says what is true then).
 * Never the resident's address, phone or notes, nor a concern's note: a mail can be forwarded.
 */
export interface MessageFacts {
  recipientEmail: string | null;
  category: HelpCategory | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  districtName: string | null;
  /** The helper as the resident may know them: a group's name, or a person's first word of name. */
  helperName: string | null;
  thanksMessage: string | null;
}

export async function loadMessageFacts(db: DbOrTx, row: NotificationRow): Promise<MessageFacts> {
  const [recipient] = await db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, row.userId));
  const facts: MessageFacts = {
    recipientEmail: recipient?.email ?? null,
    category: null,
    windowStart: null,
    windowEnd: null,
    districtName: null,
    helperName: null,
    thanksMessage: null,
  };
  if (row.requestId) {
    const [request] = await db
      .select({
        category: helpRequests.category,
        windowStart: helpRequests.windowStart,
        windowEnd: helpRequests.windowEnd,
        districtName: districts.name,
      })
      .from(helpRequests)
      .innerJoin(districts, eq(districts.id, helpRequests.districtId))
      .where(eq(helpRequests.id, row.requestId));
    if (request) Object.assign(facts, request);
  }
  if (row.matchId && row.eventType === 'match.accepted') {
    const [helper] = await db
      .select({
        displayName: users.displayName,
        kind: volunteerProfiles.kind,
        groupName: volunteerProfiles.groupName,
      })
      .from(matches)
      .innerJoin(users, eq(users.id, matches.volunteerId))
      .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, matches.volunteerId))
      .where(eq(matches.id, row.matchId));
    if (helper) facts.helperName = helperNameOf(helper);
  }
  if (row.matchId && row.eventType === 'thanks.received') {
    const [thanked] = await db
      .select({ message: thanks.message })
      .from(thanks)
      .where(eq(thanks.matchId, row.matchId));
    facts.thanksMessage = thanked?.message ?? null;
  }
  return facts;
}

/** A group by its name; a person by the first word of their name (family name in Japanese). */
export function helperNameOf(helper: {
  displayName: string;
  kind: 'individual' | 'group' | null;
  groupName: string | null;
}): string {
  if (helper.kind === 'group' && helper.groupName) return helper.groupName;
  return helper.displayName.trim().split(/[\s\u3000]+/)[0] ?? helper.displayName;
}
