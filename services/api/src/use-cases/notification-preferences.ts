import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type {
  NotificationPreferences,
  NotificationPreferencesInput,
  ProxyRelationship,
} from '@sasaeai/contracts';
import type { Database } from '@sasaeai/db/client';
import {
  auditEvents,
  notificationPreferences,
  residentProfiles,
  roleAssignments,
  users,
} from '@sasaeai/db/schema';
import { AppError } from '../errors/app-error.ts';
import { canActInDistrict } from '../auth/permissions.ts';
import type { SessionUser } from '../repositories/users-repository.ts';
import { LINK_CODE_ALPHABET } from '../webhooks/reply-intent.ts';

/** How long a LINE link code shown on the account page may be sent to the bot. */
const LINE_CODE_TTL_MS = 30 * 60_000;

export async function loadNotificationPreferences(
  db: Database,
  userId: string,
): Promise<NotificationPreferences> {
  const [row] = await db
    .select({ locale: users.locale, prefs: notificationPreferences })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(eq(users.id, userId));
  if (!row) throw new AppError('not_found');
  const prefs = row.prefs;
  const resident = await isResident(db, userId);
  const codeOpen =
    prefs?.lineLinkCode && prefs.lineLinkCodeExpiresAt && prefs.lineLinkCodeExpiresAt > new Date();
  return {
    channelOrder: prefs?.channelOrder.length
      ? prefs.channelOrder
      : ['email', 'sms', 'line', 'phone_call'],
    smsPhone: prefs?.smsPhone ?? null,
    language: row.locale,
    quietStartHour: prefs?.quietStartHour ?? null,
    quietEndHour: prefs?.quietEndHour ?? null,
    lineLinked: (prefs?.lineUserId ?? null) !== null,
    lineLinkCode: codeOpen ? prefs.lineLinkCode : null,
    lineLinkCodeExpiresAt: codeOpen ? prefs.lineLinkCodeExpiresAt!.toISOString() : null,
    resident,
    proxy:
      prefs?.proxyName && prefs.proxyRelationship
        ? {
            name: prefs.proxyName,
            relationship: prefs.proxyRelationship as ProxyRelationship,
            email: prefs.proxyEmail,
            smsPhone: prefs.proxySmsPhone,
            instead: prefs.proxyInstead,
          }
        : null,
  };
}

/** A resident: holds the role, or has a resident's profile (a phoned-in resident). */
async function isResident(db: Database, userId: string): Promise<boolean> {
  const [role] = await db
    .select({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.role, 'resident')))
    .limit(1);
  if (role) return true;
  const [profile] = await db
    .select({ userId: residentProfiles.userId })
    .from(residentProfiles)
    .where(eq(residentProfiles.userId, userId));
  return profile !== undefined;
}

const proxyOnlyForResidents = new AppError('validation_failed', undefined, [
  {
    field: 'body.proxy',
    message: {
      ja: '代わりに 受け取る 人は、利用者だけが 決められます。',
      en: 'Only a resident can have a proxy contact.',
    },
  },
]);

function proxyColumns(proxy: NotificationPreferencesInput['proxy']) {
  if (proxy === undefined) return {};
  return {
    proxyName: proxy?.name ?? null,
    proxyRelationship: proxy?.relationship ?? null,
    proxyEmail: proxy?.email ?? null,
    proxySmsPhone: proxy?.smsPhone ?? null,
    proxyInstead: proxy?.instead ?? false,
  };
}

/**
 * Saves a person's preferences (their own, or a phoned-in resident's by a coordinator) and
 * their language; audited with field names only, never the number.
 */
export async function saveNotificationPreferences(
  db: Database,
  userId: string,
  input: NotificationPreferencesInput,
  actorId: string,
  districtId: string | null = null,
): Promise<NotificationPreferences> {
  if (input.proxy && !(await isResident(db, userId))) throw proxyOnlyForResidents;
  await db.transaction(async (tx) => {
    const values = {
      channelOrder: input.channelOrder,
      smsPhone: input.smsPhone,
      quietStartHour: input.quietStartHour,
      quietEndHour: input.quietEndHour,
      ...proxyColumns(input.proxy),
      updatedBy: actorId,
    };
    await tx
      .insert(notificationPreferences)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: values });
    await tx.update(users).set({ locale: input.language }).where(eq(users.id, userId));
    await tx.insert(auditEvents).values({
      actorId,
      action: 'notification_preferences.updated',
      subjectType: 'user',
      subjectId: userId,
      districtId,
      details: {
        channelOrder: input.channelOrder,
        smsPhone: input.smsPhone !== null,
        ...(input.proxy === undefined
          ? {}
          : { proxy: input.proxy === null ? null : { instead: input.proxy.instead } }),
      },
    });
  });
  return loadNotificationPreferences(db, userId);
}

/** A fresh one-time code to send to the LINE bot (the earlier one stops working). */
export async function issueLineLinkCode(
  db: Database,
  userId: string,
): Promise<NotificationPreferences> {
  const code = Array.from(
    { length: 8 },
    () => LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)],
  ).join('');
  const expiresAt = new Date(Date.now() + LINE_CODE_TTL_MS);
  await db
    .insert(notificationPreferences)
    .values({ userId, lineLinkCode: code, lineLinkCodeExpiresAt: expiresAt })
    .onConflictDoUpdate({
      target: notificationPreferences.userId,
      set: { lineLinkCode: code, lineLinkCodeExpiresAt: expiresAt },
    });
  return loadNotificationPreferences(db, userId);
}

/** Stops LINE messages: forgets the linked LINE user. */
export async function unlinkLine(db: Database, userId: string): Promise<NotificationPreferences> {
  await db
    .update(notificationPreferences)
    .set({ lineUserId: null, lineLinkCode: null, lineLinkCodeExpiresAt: null })
    .where(eq(notificationPreferences.userId, userId));
  return loadNotificationPreferences(db, userId);
}

/**
 * A resident a coordinator may set preferences for: a resident of one of their districts
 * (the district from the resident's profile, never the request). Anyone else: 404.
 */
export async function residentInCoordinatorsDistrict(
  db: Database,
  user: SessionUser,
  residentId: string,
): Promise<{ districtId: string }> {
  const [profile] = await db
    .select({ districtId: residentProfiles.districtId })
    .from(residentProfiles)
    .where(eq(residentProfiles.userId, residentId));
  if (
    !profile?.districtId ||
    !canActInDistrict(user, profile.districtId, ['coordinator', 'admin'])
  ) {
    throw new AppError('not_found');
  }
  return { districtId: profile.districtId };
}
