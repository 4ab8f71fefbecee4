import {
  defaultChannelOrder,
  type NotificationChannel,
  type NotificationEventType,
} from '@sasaeai/contracts';

/** Who an event is for decides which channels may reach them. */
export type NotificationAudience = 'volunteer' | 'resident' | 'coordinator' | 'account';

const audienceByEvent: Record<NotificationEventType, NotificationAudience> = {
  'match.offered': 'volunteer',
  'match.withdrawn': 'volunteer',
  'thanks.received': 'volunteer',
  'match.accepted': 'resident',
  'match.declined': 'resident',
  'concern.raised': 'coordinator',
  'request.unmatched': 'coordinator',
  'account.password_reset': 'account',
  'offer.expiring': 'volunteer',
  'task.reminder': 'volunteer',
  'task.changed': 'volunteer',
  'proposals.waiting': 'coordinator',
  'call.overdue': 'coordinator',
  'insurance.renewal_due': 'volunteer',
};

export function audienceOf(eventType: NotificationEventType): NotificationAudience {
  return audienceByEvent[eventType];
}

/**
 * A person's channels, first choice first. Without a stated order: e-mail, SMS, LINE, then a
 * phone call by the district's coordinators. A channel is used only when the person can be
 * reached on it (an address, a mobile number, a linked LINE account); a stated order leaves
 * out what the person left out, except that a volunteer or resident is always phoned last, so
 * nobody is missed. Coordinators themselves are not phoned: the same event is already in their
 * inbox. Account mail (a password-reset link) goes by e-mail or not at all.
 */
export function channelOrder(person: {
  hasEmail: boolean;
  hasSms?: boolean;
  hasLine?: boolean;
  /** The person's own order (empty or absent: the default). */
  preferred?: readonly NotificationChannel[];
  audience: NotificationAudience;
}): NotificationChannel[] {
  if (person.audience === 'account') return person.hasEmail ? ['email'] : [];
  const reachable: Record<NotificationChannel, boolean> = {
    email: person.hasEmail,
    sms: person.hasSms ?? false,
    line: person.hasLine ?? false,
    phone_call: person.audience === 'volunteer' || person.audience === 'resident',
  };
  const wanted =
    person.preferred && person.preferred.length > 0 ? person.preferred : defaultChannelOrder;
  const order = wanted.filter((channel) => reachable[channel]);
  if (reachable.phone_call && !order.includes('phone_call')) order.push('phone_call');
  return order;
}

/** The channel to fall back to after `current`, if any. */
export function nextChannel(
  order: readonly NotificationChannel[],
  current: NotificationChannel,
): NotificationChannel | undefined {
  const index = order.indexOf(current);
  return index === -1 ? undefined : order[index + 1];
}

const japanHour = (at: Date) => (at.getUTCHours() + 9) % 24;

/**
 * When a message that is due `now` may go out, given the person's quiet hours (Japan time,
 * `startHour` until `endHour`, which may wrap past midnight): `now` outside them, else the end
 * of the quiet hours — or `earliestHour` when that comes sooner (a district lets snow offers
 * wake people from 05:00). Quiet hours delay a message; they never drop it.
 */
export function quietHoursRelease(
  now: Date,
  quiet: { startHour: number | null; endHour: number | null },
  earliestHour?: number,
): Date {
  const { startHour, endHour } = quiet;
  if (startHour === null || endHour === null || startHour === endHour) return now;
  const hour = japanHour(now);
  const inQuiet =
    startHour < endHour ? hour >= startHour && hour < endHour : hour >= startHour || hour < endHour;
  if (!inQuiet) return now;
  let releaseHour = endHour;
  if (earliestHour !== undefined) {
    // Allowed from earliestHour when that falls inside the remaining quiet stretch.
    const untilEnd = (endHour - hour + 24) % 24;
    const untilEarliest = (earliestHour - hour + 24) % 24;
    if (untilEarliest > 0 && untilEarliest < untilEnd) releaseHour = earliestHour;
    else if (untilEarliest === 0) return now;
  }
  const hoursAhead = (releaseHour - hour + 24) % 24 || 24;
  const release = new Date(now);
  release.setUTCMinutes(0, 0, 0);
  release.setTime(release.getTime() + hoursAhead * 3_600_000);
  return release;
}
