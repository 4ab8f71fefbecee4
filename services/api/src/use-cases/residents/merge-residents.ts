import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Tx } from '@sasaeai/db/client';
import {
  actionTokens,
  auditEvents,
  deletionRequests,
  notificationPreferences,
  residentProfiles,
  sessions,
  users,
  volunteerProfiles,
  winterFeeAssignments,
  winterRegistrations,
} from '@sasaeai/db/schema';
import { AppError, fieldError } from '../../errors/app-error.ts';
import { mergedAlready } from './update-resident.ts';
import { inScope, notInRegister, type RegisterScope } from './register-scope.ts';

/**
 * Every column that references a person (`users.id`) and moves from the duplicate to the kept
 * resident as it is. The columns handled otherwise are in `HANDLED_USER_COLUMNS`; a test compares
 * both lists with the database's foreign keys, so a new reference cannot be forgotten.
 */
export const MOVED_USER_COLUMNS = [
  ['audit_events', 'actor_id'],
  ['collection_holidays', 'updated_by'],
  ['concerns', 'raised_by'],
  ['concerns', 'followed_up_by'],
  ['concern_notes', 'author_id'],
  ['concern_referrals', 'created_by'],
  ['consultations', 'recorded_by'],
  ['deletion_requests', 'user_id'],
  ['deletion_requests', 'decided_by'],
  ['district_settings', 'updated_by'],
  ['help_requests', 'resident_id'],
  ['help_requests', 'created_by'],
  ['inbound_messages', 'user_id'],
  ['indicator_values', 'entered_by'],
  ['insurance_enrolments', 'recorded_by'],
  ['matches', 'volunteer_id'],
  ['matches', 'decided_by'],
  ['notification_preferences', 'updated_by'],
  ['resident_profiles', 'consent_recorded_by'],
  ['resident_profiles', 'share_consent_recorded_by'],
  ['resident_profiles', 'merged_into_id'],
  ['resident_profiles', 'merged_by'],
  ['role_assignments', 'granted_by'],
  ['season_pairings', 'helper_id'],
  ['season_pairings', 'recorded_by'],
  ['season_pairings', 'changed_by'],
  ['snow_events', 'declared_by'],
  ['thanks', 'from_user_id'],
  ['thanks', 'to_user_id'],
  ['volunteer_profiles', 'verified_by'],
  ['volunteer_introductions', 'recorded_by'],
  ['town_districts', 'updated_by'],
  ['weekly_routine_skips', 'created_by'],
  ['weekly_routines', 'resident_id'],
  ['weekly_routines', 'created_by'],
  ['winter_registrations', 'resident_id'],
  ['winter_registrations', 'created_by'],
  ['winter_fee_classes', 'updated_by'],
  ['winter_fee_assignments', 'resident_id'],
  ['winter_fee_assignments', 'set_by'],
  ['winter_payments', 'resident_id'],
  ['winter_payments', 'recorded_by'],
  ['winter_payments', 'voided_by'],
] as const;

/**
 * Person references not moved as they are: the duplicate's own profile, roles and user row stay
 * (marked merged); sessions and one-time links are credentials, deleted; notification preferences
 * move unless the kept resident has their own; notifications move unless the kept resident
 * already has the same event on the same channel; a duplicate that is a volunteer is refused.
 */
export const HANDLED_USER_COLUMNS = [
  ['resident_profiles', 'user_id'],
  ['role_assignments', 'user_id'],
  ['sessions', 'user_id'],
  ['action_tokens', 'user_id'],
  ['notification_preferences', 'user_id'],
  ['notifications', 'user_id'],
  ['volunteer_profiles', 'user_id'],
  // A volunteer's own record, and a duplicate that is a volunteer is refused.
  ['volunteer_introductions', 'volunteer_id'],
] as const;

function refused(ja: string, en: string): AppError {
  return new AppError('conflict', { ja, en });
}

async function lockBoth(tx: Tx, scope: RegisterScope, keptId: string, duplicateId: string) {
  // Key order, so two merges of the same pair cannot deadlock.
  const rows = await tx
    .select({ profile: residentProfiles, email: users.email })
    .from(residentProfiles)
    .innerJoin(users, eq(users.id, residentProfiles.userId))
    .where(inArray(residentProfiles.userId, [keptId, duplicateId]))
    .orderBy(residentProfiles.userId)
    .for('update', { of: residentProfiles });
  const kept = rows.find((r) => r.profile.userId === keptId);
  const duplicate = rows.find((r) => r.profile.userId === duplicateId);
  if (!kept || !inScope(scope, kept.profile.districtId)) throw notInRegister();
  if (!duplicate || !inScope(scope, duplicate.profile.districtId)) throw notInRegister();
  return { kept, duplicate };
}

/** What would make the merge lose or break something: refused before anything is written. */
async function checkMergeable(tx: Tx, keptId: string, duplicateId: string, hasLogin: boolean) {
  if (hasLogin) {
    throw refused(
      '統合する 方は ログインできる アカウントを 持っています。逆向きに（ログインできる 方を 残して）統合してください。',
      'The resident to merge has a log-in account. Merge the other way round, keeping the one who logs in.',
    );
  }
  const [volunteer] = await tx
    .select({ id: volunteerProfiles.userId })
    .from(volunteerProfiles)
    .where(eq(volunteerProfiles.userId, duplicateId));
  if (volunteer) {
    throw refused(
      '統合する 方は ボランティアとしても 登録されています。センターの 管理者に 相談してください。',
      'The resident to merge is also a volunteer; ask the centre’s administrator.',
    );
  }
  const [openDeletion] = await tx
    .select({ id: deletionRequests.id })
    .from(deletionRequests)
    .where(and(eq(deletionRequests.userId, duplicateId), eq(deletionRequests.status, 'requested')));
  if (openDeletion) {
    throw refused(
      '統合する 方から 削除の 依頼が 出ています。先に 削除の 依頼を 処理してください。',
      'The resident to merge has asked for their data to be deleted; deal with that first.',
    );
  }
  const [clash] = await tx
    .select({ season: winterRegistrations.seasonYear })
    .from(winterRegistrations)
    .where(
      and(
        inArray(winterRegistrations.residentId, [keptId, duplicateId]),
        inArray(winterRegistrations.status, ['active', 'paused']),
      ),
    )
    .groupBy(winterRegistrations.seasonYear)
    .having(sql`count(*) > 1`);
  if (clash) {
    throw refused(
      `ふたりとも ${String(clash.season)}年度の 冬の 登録が あります。どちらかを 終えてから 統合してください。`,
      `Both have a winter registration for the ${String(clash.season)} season; end one of them first.`,
    );
  }
  // One fee class per household and season: two would not fit on the kept resident.
  const [feeClash] = await tx
    .select({ season: winterFeeAssignments.seasonYear })
    .from(winterFeeAssignments)
    .where(inArray(winterFeeAssignments.residentId, [keptId, duplicateId]))
    .groupBy(winterFeeAssignments.seasonYear)
    .having(sql`count(*) > 1`);
  if (feeClash) {
    throw refused(
      `ふたりとも ${String(feeClash.season)}年度の 除雪の 料金区分が あります。どちらかを 直してから 統合してください。`,
      `Both have a winter fee class for the ${String(feeClash.season)} season; correct one of them first.`,
    );
  }
}

async function moveReferences(tx: Tx, keptId: string, duplicateId: string) {
  const moved: Record<string, number> = {};
  const count = (key: string, n: number) => {
    if (n > 0) moved[key] = n;
  };
  for (const [table, column] of MOVED_USER_COLUMNS) {
    const result = await tx.execute(
      sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${keptId} where ${sql.identifier(column)} = ${duplicateId}`,
    );
    count(`${table}.${column}`, result.count);
  }
  // The resident's timeline: events about the duplicate are now about the kept resident.
  const subject = await tx
    .update(auditEvents)
    .set({ subjectId: keptId })
    .where(and(eq(auditEvents.subjectType, 'user'), eq(auditEvents.subjectId, duplicateId)));
  count('audit_events.subject_id', subject.count);
  const notifications = await tx.execute(
    sql`update notifications d set user_id = ${keptId} where d.user_id = ${duplicateId}
        and not exists (select 1 from notifications k where k.user_id = ${keptId}
                        and k.event_key = d.event_key and k.channel = d.channel)`,
  );
  count('notifications.user_id', notifications.count);
  const [keptPreferences] = await tx
    .select({ id: notificationPreferences.userId })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, keptId));
  if (!keptPreferences) {
    const preferences = await tx
      .update(notificationPreferences)
      .set({ userId: keptId })
      .where(eq(notificationPreferences.userId, duplicateId));
    count('notification_preferences.user_id', preferences.count);
  }
  await tx.delete(sessions).where(eq(sessions.userId, duplicateId));
  await tx.delete(actionTokens).where(eq(actionTokens.userId, duplicateId));
  return moved;
}

/**
 * Merges a duplicate resident into the kept one, all in one transaction: every reference to the
 * duplicate moves to the kept resident (requests, winter registrations and their pairings,
 * routines, thanks, notifications and preferences, audit references…), the kept record takes
 * any contact detail it lacks, and the duplicate stays as a row marked merged (never deleted).
 * Refused (nothing written): itself (400), either resident outside the caller's districts or
 * unknown (404, as for any other district's resident), one
 * already merged, a duplicate with a log-in, a volunteer, an open deletion request, or two
 * winter registrations for one season (409). Audited on both residents.
 */
export async function mergeResidents(
  db: Database,
  scope: RegisterScope,
  actorId: string,
  keptId: string,
  duplicateId: string,
  now = new Date(),
): Promise<Record<string, number>> {
  if (keptId === duplicateId) {
    throw fieldError(
      'body.duplicateId',
      '同じ 住民どうしは 統合できません。別の 住民を 選んでください。',
      'A resident cannot be merged into themself; choose another resident.',
    );
  }
  return db.transaction(async (tx) => {
    const { kept, duplicate } = await lockBoth(tx, scope, keptId, duplicateId);
    if (kept.profile.mergedIntoId || duplicate.profile.mergedIntoId) throw mergedAlready();
    await checkMergeable(tx, keptId, duplicateId, duplicate.email !== null);
    const moved = await moveReferences(tx, keptId, duplicateId);
    const k = kept.profile;
    const d = duplicate.profile;
    await tx
      .update(residentProfiles)
      .set({
        fullNameKana: k.fullNameKana ?? d.fullNameKana,
        phone: k.phone ?? d.phone,
        address: k.address ?? d.address,
        emergencyContactName: k.emergencyContactName ?? d.emergencyContactName,
        emergencyContactRelation: k.emergencyContactName
          ? k.emergencyContactRelation
          : d.emergencyContactRelation,
        emergencyContactPhone: k.emergencyContactName
          ? k.emergencyContactPhone
          : d.emergencyContactPhone,
        ...(k.consentAt
          ? {}
          : {
              consentAt: d.consentAt,
              consentMethod: d.consentMethod,
              consentRecordedBy: d.consentRecordedBy === duplicateId ? keptId : d.consentRecordedBy,
            }),
        ...(k.shareConsentAt
          ? {}
          : { shareConsentAt: d.shareConsentAt, shareConsentRecordedBy: d.shareConsentRecordedBy }),
        updatedAt: now,
      })
      .where(eq(residentProfiles.userId, keptId));
    await tx
      .update(residentProfiles)
      .set({ mergedIntoId: keptId, mergedAt: now, mergedBy: actorId, updatedAt: now })
      .where(eq(residentProfiles.userId, duplicateId));
    await tx.insert(auditEvents).values([
      {
        actorId,
        action: 'resident.merged',
        subjectType: 'user',
        subjectId: keptId,
        districtId: k.districtId,
        details: { duplicateId, moved },
      },
      {
        actorId,
        action: 'resident.merged_away',
        subjectType: 'user',
        subjectId: duplicateId,
        districtId: d.districtId,
        details: { keptId },
      },
    ]);
    return moved;
  });
}
