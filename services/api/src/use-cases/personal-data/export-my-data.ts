import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@sasaeai/db/client';
import {
  auditEvents,
  concerns,
  districts,
  helpRequests,
  inboundMessages,
  matches,
  notificationPreferences,
  residentProfiles,
  seasonPairings,
  thanks,
  users,
  volunteerDistricts,
  volunteerProfiles,
  winterRegistrations,
} from '@sasaeai/db/schema';
import type { MyDataExport } from '@sasaeai/contracts';
import { toMe, type SessionUser } from '../../repositories/users-repository.ts';

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * The person's own data (APPI disclosure): what they gave, what they did, and who was shown
 * their address. Other people appear by the display name they show to others, never by contact.
 */
export async function exportMyData(db: Database, user: SessionUser): Promise<MyDataExport> {
  const [account] = await db.select().from(users).where(eq(users.id, user.id));
  if (!account) throw new Error('signed-in user vanished');
  const [resident] = await db
    .select({ profile: residentProfiles, district: districts.code })
    .from(residentProfiles)
    .leftJoin(districts, eq(districts.id, residentProfiles.districtId))
    .where(eq(residentProfiles.userId, user.id));
  const [volunteer] = await db
    .select()
    .from(volunteerProfiles)
    .where(eq(volunteerProfiles.userId, user.id));
  const servedDistricts = volunteer
    ? await db
        .select({ code: districts.code })
        .from(volunteerDistricts)
        .innerJoin(districts, eq(districts.id, volunteerDistricts.districtId))
        .where(eq(volunteerDistricts.volunteerId, user.id))
        .orderBy(asc(districts.code))
    : [];

  const requests = await db
    .select()
    .from(helpRequests)
    .where(eq(helpRequests.residentId, user.id))
    .orderBy(asc(helpRequests.createdAt));
  const requestIds = requests.map((r) => r.id);
  const helpers = requestIds.length
    ? await db
        .select({ requestId: matches.requestId, status: matches.status, name: users.displayName })
        .from(matches)
        .innerJoin(users, eq(users.id, matches.volunteerId))
        .where(
          and(
            inArray(matches.requestId, requestIds),
            inArray(matches.status, ['offered', 'accepted', 'completed']),
          ),
        )
        .orderBy(asc(matches.createdAt))
    : [];

  const helped = await db
    .select({
      match: matches,
      category: helpRequests.category,
      windowStart: helpRequests.windowStart,
      windowEnd: helpRequests.windowEnd,
    })
    .from(matches)
    .innerJoin(helpRequests, eq(helpRequests.id, matches.requestId))
    .where(eq(matches.volunteerId, user.id))
    .orderBy(asc(matches.createdAt));

  const sent = await db
    .select({ thanks, to: users.displayName })
    .from(thanks)
    .innerJoin(users, eq(users.id, thanks.toUserId))
    .where(eq(thanks.fromUserId, user.id))
    .orderBy(asc(thanks.createdAt));
  const received = await db
    .select()
    .from(thanks)
    .where(eq(thanks.toUserId, user.id))
    .orderBy(asc(thanks.createdAt));
  const written = await db
    .select()
    .from(concerns)
    .where(eq(concerns.raisedBy, user.id))
    .orderBy(asc(concerns.createdAt));

  const views = requestIds.length
    ? await db
        .select({ event: auditEvents, viewer: users.displayName })
        .from(auditEvents)
        .leftJoin(users, eq(users.id, auditEvents.actorId))
        .where(
          and(
            eq(auditEvents.action, 'resident.contact_revealed'),
            eq(auditEvents.subjectType, 'help_request'),
            inArray(auditEvents.subjectId, requestIds),
          ),
        )
        .orderBy(asc(auditEvents.createdAt))
    : [];

  const [reach] = await db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, user.id));
  const inbound = await db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.userId, user.id))
    .orderBy(asc(inboundMessages.createdAt));

  return {
    exportedAt: new Date().toISOString(),
    account: {
      id: account.id,
      email: account.email,
      displayName: account.displayName,
      locale: account.locale,
      createdAt: iso(account.createdAt),
      privacyConsentAt: isoOrNull(account.privacyConsentAt),
      privacyNoticeVersion: account.privacyNoticeVersion,
      roles: toMe(user).roles,
    },
    residentProfile: resident
      ? {
          fullName: resident.profile.fullName,
          fullNameKana: resident.profile.fullNameKana,
          phone: resident.profile.phone,
          address: resident.profile.address,
          district: resident.district,
          contactPreference: resident.profile.contactPreference,
          consentAt: isoOrNull(resident.profile.consentAt),
          consentMethod: resident.profile.consentMethod,
          shareConsentAt: isoOrNull(resident.profile.shareConsentAt),
          emergencyContact: resident.profile.emergencyContactName
            ? {
                name: resident.profile.emergencyContactName,
                relation: resident.profile.emergencyContactRelation,
                phone: resident.profile.emergencyContactPhone,
              }
            : null,
        }
      : null,
    volunteerProfile: volunteer
      ? {
          kind: volunteer.kind,
          groupName: volunteer.groupName,
          headcount: volunteer.headcount,
          skills: volunteer.skills,
          equipment: volunteer.equipment,
          maxTasksPerWeek: volunteer.maxTasksPerWeek,
          verification: volunteer.verification,
          insuranceExpiresOn: volunteer.insuranceExpiresOn,
          districts: servedDistricts.map((d) => d.code),
        }
      : null,
    requests: requests.map((r) => ({
      id: r.id,
      category: r.category,
      status: r.status,
      address: r.address,
      windowStart: iso(r.windowStart),
      windowEnd: iso(r.windowEnd),
      notes: r.notes,
      sensitiveNotes: r.sensitiveNotes,
      createdAt: iso(r.createdAt),
      helpers: helpers
        .filter((h) => h.requestId === r.id)
        .map((h) => ({ displayName: h.name, status: h.status })),
    })),
    helped: helped.map(({ match, category, windowStart, windowEnd }) => ({
      matchId: match.id,
      requestId: match.requestId,
      category,
      status: match.status,
      windowStart: iso(windowStart),
      windowEnd: iso(windowEnd),
      minutesSpent: match.minutesSpent,
      wellbeingNote: match.wellbeingNote,
      completedAt: isoOrNull(match.completedAt),
    })),
    thanksSent: sent.map((s) => ({
      requestId: s.thanks.requestId,
      to: s.to,
      message: s.thanks.message,
      at: iso(s.thanks.createdAt),
    })),
    thanksReceived: received.map((r) => ({
      requestId: r.requestId,
      message: r.message,
      at: iso(r.createdAt),
    })),
    concernsWritten: written.map((c) => ({
      requestId: c.requestId,
      note: c.note,
      status: c.status,
      at: iso(c.createdAt),
    })),
    notificationPreferences: reach
      ? {
          channelOrder: reach.channelOrder,
          smsPhone: reach.smsPhone,
          lineLinked: reach.lineUserId !== null,
          quietStartHour: reach.quietStartHour,
          quietEndHour: reach.quietEndHour,
        }
      : null,
    messagesSent: inbound.map((m) => ({
      channel: m.channel,
      text: m.body,
      outcome: m.outcome,
      at: iso(m.createdAt),
    })),
    seasonPairings: await pairingsOf(db, user.id),
    addressViews: views.map(({ event, viewer }) => {
      const via =
        (event.details as { via?: string }).via === 'volunteer' ? 'volunteer' : 'coordinator';
      return {
        requestId: event.subjectId!,
        at: iso(event.createdAt),
        via,
        // A coordinator acts for the centre: named by role, a volunteer by their shown name.
        viewer: via === 'volunteer' ? viewer : null,
      };
    }),
  };
}

/** The person's season pairings; the other side appears by the name they show to others. */
async function pairingsOf(db: Database, userId: string): Promise<MyDataExport['seasonPairings']> {
  const helper = alias(users, 'helper');
  const household = alias(users, 'household');
  const rows = await db
    .select({
      pairing: seasonPairings,
      residentId: winterRegistrations.residentId,
      helperName: helper.displayName,
      householdName: household.displayName,
    })
    .from(seasonPairings)
    .innerJoin(winterRegistrations, eq(winterRegistrations.id, seasonPairings.winterRegistrationId))
    .innerJoin(helper, eq(helper.id, seasonPairings.helperId))
    .innerJoin(household, eq(household.id, winterRegistrations.residentId))
    .where(or(eq(seasonPairings.helperId, userId), eq(winterRegistrations.residentId, userId)))
    .orderBy(asc(seasonPairings.createdAt));
  return rows.map(({ pairing, residentId, helperName, householdName }) => {
    const asHousehold = residentId === userId;
    return {
      as: asHousehold ? ('household' as const) : ('helper' as const),
      with: asHousehold ? helperName : householdName,
      role: pairing.role,
      status: pairing.status,
      metOn: pairing.metOn,
      reason: pairing.reason,
    };
  });
}
