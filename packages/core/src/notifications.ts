import type { NotificationChannel, NotificationEventType } from '@sasaeai/contracts';

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
};

export function audienceOf(eventType: NotificationEventType): NotificationAudience {
  return audienceByEvent[eventType];
}

/**
 * A person's channels, first choice first: e-mail when they have an address, then a phone call
 * by the district's coordinators. Coordinators themselves are not phoned: the same event is
 * already in their inbox. Account mail (a password-reset link) goes by e-mail or not at all.
 */
export function channelOrder(person: {
  hasEmail: boolean;
  audience: NotificationAudience;
}): NotificationChannel[] {
  const order: NotificationChannel[] = [];
  if (person.hasEmail) order.push('email');
  if (person.audience === 'volunteer' || person.audience === 'resident') order.push('phone_call');
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
