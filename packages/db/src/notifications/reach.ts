import { audienceOf, channelOrder, quietHoursRelease } from '@sasaeai/core';
import type { NotificationChannel, NotificationEventType } from '@sasaeai/contracts';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { districtSettings, helpRequests, notificationPreferences, users } from '../schema/index.ts';

/** How a person can be reached: addresses and their stated choices. Never logged. */
export interface PersonReach {
  id: string;
  email: string | null;
  locale: 'ja' | 'en';
  smsPhone: string | null;
  lineUserId: string | null;
  preferred: NotificationChannel[];
  quietStartHour: number | null;
  quietEndHour: number | null;
}

/** The people among `userIds` who may be reached; anonymised accounts are left out. */
export async function loadReach(db: DbOrTx, userIds: readonly string[]): Promise<PersonReach[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      locale: users.locale,
      smsPhone: notificationPreferences.smsPhone,
      lineUserId: notificationPreferences.lineUserId,
      preferred: notificationPreferences.channelOrder,
      quietStartHour: notificationPreferences.quietStartHour,
      quietEndHour: notificationPreferences.quietEndHour,
    })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    // An anonymised account is reached by nothing (not even a coordinator's call): it asked to go.
    .where(and(inArray(users.id, [...userIds]), isNull(users.anonymisedAt)));
  return rows.map((row) => ({ ...row, preferred: row.preferred ?? [] }));
}

/** The person's channels for an event, first choice first. */
export function channelsFor(
  person: PersonReach,
  eventType: NotificationEventType,
): NotificationChannel[] {
  return channelOrder({
    hasEmail: person.email !== null,
    hasSms: person.smsPhone !== null,
    hasLine: person.lineUserId !== null,
    preferred: person.preferred,
    audience: audienceOf(eventType),
  });
}

/** The address a channel sends to, if the person has one. */
export function addressOn(person: PersonReach, channel: NotificationChannel): string | null {
  switch (channel) {
    case 'email':
      return person.email;
    case 'sms':
      return person.smsPhone;
    case 'line':
      return person.lineUserId;
    default:
      return null;
  }
}

/** Hour (Japan time) from which snow offers may wake people, in districts that allow it. */
export const SNOW_OFFERS_FROM_HOUR = 5;

/**
 * When a row for this person may first be sent: now, or the end of their quiet hours. A snow
 * offer in a district whose centre allows it may go from 05:00.
 */
export async function releaseTimeFor(
  db: DbOrTx,
  person: PersonReach,
  row: { eventType: NotificationEventType; requestId: string | null },
  now: Date = new Date(),
): Promise<Date> {
  const quiet = { startHour: person.quietStartHour, endHour: person.quietEndHour };
  if (quiet.startHour === null) return now;
  let earliest: number | undefined;
  if (row.eventType === 'match.offered' && row.requestId) {
    const [request] = await db
      .select({ category: helpRequests.category, early: districtSettings.snowOffersFromFive })
      .from(helpRequests)
      .leftJoin(districtSettings, eq(districtSettings.districtId, helpRequests.districtId))
      .where(eq(helpRequests.id, row.requestId));
    if (request?.category === 'snow' && request.early) earliest = SNOW_OFFERS_FROM_HOUR;
  }
  return quietHoursRelease(now, quiet, earliest);
}
