/**
 * A snowy morning at the desk: `count` proposals in the bench coordinator's districts approved
 * in one bulk action, through the same use case the API route calls (`approveMany`: who may,
 * then each proposal's guarded approval in its own transaction). Runs on a throw-away copy of
 * the generated city (`CREATE DATABASE … TEMPLATE`), so the bench database stays as generated.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { DEFAULT_READING_AIDS } from '@sasaeai/contracts';
import { createDb } from '@sasaeai/db';
import { proposeMatch } from '@sasaeai/db/help-loop';
import {
  districts,
  helpRequests,
  residentProfiles,
  roleAssignments,
  volunteerDistricts,
  volunteerProfiles,
} from '@sasaeai/db/schema';
import { dropDatabase } from '@sasaeai/db/testing';
import { approveMany } from '../../../services/api/src/use-cases/desk/approve-many.ts';
import type { SessionUser } from '../../../services/api/src/repositories/users-repository.ts';
import { databaseUrl } from '../council/database.ts';

export interface BulkApproveFigures {
  proposals: number;
  approved: number;
  failed: number;
  totalMs: number;
  perProposalMs: number;
  copyMs: number;
}

const HOUR = 3_600_000;

export async function measureBulkApprove(options: {
  template: string;
  count: number;
  districtCodes: readonly string[];
  log: (line: string) => void;
}): Promise<BulkApproveFigures> {
  const copy = `${options.template}_bulk_${process.pid}`;
  const admin = createDb({ url: databaseUrl('postgres'), max: 1 });
  const copyStarted = performance.now();
  try {
    await admin.sql.unsafe(`drop database if exists "${copy}"`);
    await admin.sql.unsafe(`create database "${copy}" template "${options.template}"`);
  } finally {
    await admin.close();
  }
  const copyMs = performance.now() - copyStarted;
  options.log(`  copied the city in ${Math.round(copyMs)} ms; proposing ${options.count}`);
  const { db, close } = createDb({ url: databaseUrl(copy), max: 4 });
  try {
    const own = await db
      .select({ id: districts.id, code: districts.code })
      .from(districts)
      .where(inArray(districts.code, [...options.districtCodes]));
    const ownIds = own.map((d) => d.id);
    const [coordinator] = await db
      .select({ userId: roleAssignments.userId })
      .from(roleAssignments)
      .where(
        and(eq(roleAssignments.role, 'coordinator'), inArray(roleAssignments.districtId, ownIds)),
      )
      .limit(1);
    const [resident] = await db
      .select({ userId: residentProfiles.userId, districtId: residentProfiles.districtId })
      .from(residentProfiles)
      .where(and(inArray(residentProfiles.districtId, ownIds), isNotNull(residentProfiles.address)))
      .limit(1);
    const volunteers = await db
      .selectDistinct({ id: volunteerDistricts.volunteerId })
      .from(volunteerDistricts)
      .innerJoin(volunteerProfiles, eq(volunteerProfiles.userId, volunteerDistricts.volunteerId))
      .where(
        and(
          inArray(volunteerDistricts.districtId, ownIds),
          eq(volunteerProfiles.verification, 'active'),
        ),
      )
      .limit(options.count);
    if (!coordinator || !resident?.districtId || volunteers.length === 0) {
      throw new Error(
        'the bench city has no coordinator, resident or volunteer in these districts',
      );
    }

    // Each volunteer gets one 2-hour request per day, so no two proposals book one person twice.
    const firstDay = Date.UTC(2027, 1, 1, 0);
    const matchIds: string[] = [];
    // A proposal the guards refuse (a volunteer's own booking that day) is simply tried again
    // with the next volunteer, up to three tries a proposal.
    for (let i = 0; matchIds.length < options.count && i < options.count * 3; i += 1) {
      const volunteer = volunteers[i % volunteers.length]!;
      const start = new Date(firstDay + Math.floor(i / volunteers.length) * 24 * HOUR);
      const [request] = await db
        .insert(helpRequests)
        .values({
          residentId: resident.userId,
          createdBy: resident.userId,
          districtId: resident.districtId,
          category: 'snow',
          address: '旭川市永山3条1丁目',
          windowStart: start,
          windowEnd: new Date(start.getTime() + 2 * HOUR),
        })
        .returning({ id: helpRequests.id });
      const { matchId } = await proposeMatch(db, {
        requestId: request!.id,
        volunteerId: volunteer.id,
        score: 1,
        breakdown: null,
      });
      if (matchId) matchIds.push(matchId);
    }

    const user: SessionUser = {
      id: coordinator.userId,
      email: null,
      displayName: 'bench coordinator',
      locale: 'ja',
      roles: own.map((d) => ({ role: 'coordinator', districtId: d.id, districtCode: d.code })),
      readingAids: DEFAULT_READING_AIDS,
    };
    const started = performance.now();
    const result = await approveMany(db, user, matchIds);
    const totalMs = performance.now() - started;
    return {
      proposals: matchIds.length,
      approved: result.approved.length,
      failed: result.failed.length,
      totalMs,
      perProposalMs: totalMs / Math.max(1, matchIds.length),
      copyMs,
    };
  } finally {
    await close();
    await dropDatabase(copy);
  }
}
