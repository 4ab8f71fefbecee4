import { audienceOf, channelOrder, quietHoursRelease } from '@sasaeai/core';
import type { NotificationChannel, NotificationEventType } from '@sasaeai/contracts';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import {
  districtSettings,
  helpRequests,
  notificationPreferences,
  residentProfiles,
  users,
} from '../schema/index.ts';

/** A resident's proxy contact (family, 民生委員): gets the resident's notices. Never logged. */
export interface ProxyReach {
  email: string | null;
  smsPhone: string | null;
  /** true: instead of the resident; false: as well. */
  instead: boolean;
}

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
  /** The name a proxy's message says it is about (the resident's full name). */
  name: string;
  proxy: ProxyReach | null;
}

/** One address a message goes to; `forProxy`: it is someone else's notice, say whose. */
export interface Recipient {
  to: string | null;
  forProxy: boolean;
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
      displayName: users.displayName,
      fullName: residentProfiles.fullName,
      proxyName: notificationPreferences.proxyName,
      proxyEmail: notificationPreferences.proxyEmail,
      proxySmsPhone: notificationPreferences.proxySmsPhone,
      proxyInstead: notificationPreferences.proxyInstead,
    })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .leftJoin(residentProfiles, eq(residentProfiles.userId, users.id))
    // An anonymised account is reached by nothing (not even a coordinator's call): it asked to go.
    .where(and(inArray(users.id, [...userIds]), isNull(users.anonymisedAt)));
  return rows.map(
    ({ displayName, fullName, proxyName, proxyEmail, proxySmsPhone, proxyInstead, ...row }) => ({
      ...row,
      preferred: row.preferred ?? [],
      name: fullName ?? displayName,
      proxy:
        proxyName !== null
          ? { email: proxyEmail, smsPhone: proxySmsPhone, instead: proxyInstead ?? false }
          : null,
    }),
  );
}

/** The proxy who takes part in this event's delivery: a resident's notices only. */
function proxyFor(person: PersonReach, eventType: NotificationEventType): ProxyReach | null {
  return audienceOf(eventType) === 'resident' ? person.proxy : null;
}

/** The person's channels for an event, first choice first. */
export function channelsFor(
  person: PersonReach,
  eventType: NotificationEventType,
): NotificationChannel[] {
  const proxy = proxyFor(person, eventType);
  const ownUsed = !proxy?.instead;
  const theirs = {
    email: (proxy?.email ?? null) !== null,
    sms: (proxy?.smsPhone ?? null) !== null,
  };
  // Sent instead: the proxy's channels in the default order. As well: the resident's order,
  // then any channel only the proxy can be reached on.
  const preferred = proxy?.instead
    ? []
    : proxy && person.preferred.length > 0
      ? [
          ...person.preferred,
          ...(['email', 'sms'] as const).filter(
            (channel) => theirs[channel] && !person.preferred.includes(channel),
          ),
        ]
      : person.preferred;
  return channelOrder({
    hasEmail: (ownUsed && person.email !== null) || theirs.email,
    hasSms: (ownUsed && person.smsPhone !== null) || theirs.sms,
    hasLine: ownUsed && person.lineUserId !== null,
    preferred,
    audience: audienceOf(eventType),
  });
}

/**
 * Who a message on this channel goes to, first the one whose answer counts: the person;
 * for a resident's notice with a proxy, the proxy instead of them, or after them.
 */
export function recipientsOn(
  person: PersonReach,
  channel: NotificationChannel,
  eventType: NotificationEventType,
): Recipient[] {
  const own = addressOn(person, channel);
  const proxy = proxyFor(person, eventType);
  const proxyAddress =
    channel === 'email'
      ? (proxy?.email ?? null)
      : channel === 'sms'
        ? (proxy?.smsPhone ?? null)
        : null;
  if (!proxy || proxyAddress === null) {
    return proxy?.instead && channel !== 'phone_call' ? [] : [{ to: own, forProxy: false }];
  }
  const toProxy = { to: proxyAddress, forProxy: true };
  if (proxy.instead || own === null) return [toProxy];
  return [{ to: own, forProxy: false }, toProxy];
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
  if (person.quietStartHour === null) return now;
  const early =
    row.eventType === 'match.offered' && row.requestId
      ? await snowOffersFromFive(db, [row.requestId])
      : new Set<string>();
  return releaseTime(person, row, early, now);
}

/** `releaseTimeFor` with the early snow offers already read (`snowOffersFromFive`). */
export function releaseTime(
  person: PersonReach,
  row: { eventType: NotificationEventType; requestId: string | null },
  snowOffersEarly: ReadonlySet<string>,
  now: Date,
): Date {
  const quiet = { startHour: person.quietStartHour, endHour: person.quietEndHour };
  if (quiet.startHour === null) return now;
  const early =
    row.eventType === 'match.offered' && row.requestId && snowOffersEarly.has(row.requestId);
  return quietHoursRelease(now, quiet, early ? SNOW_OFFERS_FROM_HOUR : undefined);
}

/** Of these requests, the snow requests whose district lets offers go from 05:00. */
export async function snowOffersFromFive(
  db: DbOrTx,
  requestIds: readonly string[],
): Promise<Set<string>> {
  if (requestIds.length === 0) return new Set();
  const rows = await db
    .select({ id: helpRequests.id })
    .from(helpRequests)
    .innerJoin(districtSettings, eq(districtSettings.districtId, helpRequests.districtId))
    .where(
      and(
        inArray(helpRequests.id, [...new Set(requestIds)]),
        eq(helpRequests.category, 'snow'),
        eq(districtSettings.snowOffersFromFive, true),
      ),
    );
  return new Set(rows.map((row) => row.id));
}
