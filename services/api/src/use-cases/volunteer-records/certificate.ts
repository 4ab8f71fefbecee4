import type { VolunteerCertificate } from '@sasaeai/contracts';
import { fiscalYearLabel, fiscalYearOf, jstToday, totalsByFiscalYear } from '@sasaeai/core';
import type { Database } from '@sasaeai/db/client';
import { auditEvents } from '@sasaeai/db/schema';
import { AppError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import {
  completedTimes,
  districtName,
  firstServedDistrict,
  volunteerIdentity,
} from '../../repositories/volunteer-records.ts';
import { centreOf } from '../paper.ts';
import { totalsView } from './history.ts';
import { volunteerRecordScope } from './scope.ts';

/** The district most of the year's tasks were in (ties: the first met), if any. */
function busiestDistrict(rows: { districtId: string }[]): string | null {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.districtId, (counts.get(row.districtId) ?? 0) + 1);
  let best: string | null = null;
  for (const [districtId, count] of counts) {
    if (best === null || count > (counts.get(best) ?? 0)) best = districtId;
  }
  return best;
}

/**
 * Issues a volunteer's activity certificate (活動証明書) for a fiscal year. Each issuance is an
 * audit row (ids, year and format only) whose id is the certificate's number. The issuing
 * centre is the coordinator's district, or for the volunteer themselves the district most of the
 * year's tasks were in, else the first they serve.
 */
export async function issueVolunteerCertificate(
  db: Database,
  actor: SessionUser,
  volunteerId: string,
  input: { fy?: number | undefined; format: 'page' | 'pdf' },
  now = new Date(),
): Promise<VolunteerCertificate> {
  const { actingIn } = await volunteerRecordScope(db, actor, volunteerId);
  const identity = await volunteerIdentity(db, volunteerId);
  if (!identity) throw new AppError('not_found');
  const fiscalYear = input.fy ?? fiscalYearOf(now);
  const times = await completedTimes(db, volunteerId);
  const ofYear = times.filter((row) => fiscalYearOf(row.windowStart) === fiscalYear);
  const totals = totalsByFiscalYear(ofYear, identity)[0]?.totals;
  const districtId =
    actingIn ?? busiestDistrict(ofYear) ?? (await firstServedDistrict(db, volunteerId));
  const [audit] = await db
    .insert(auditEvents)
    .values({
      actorId: actor.id,
      action: 'volunteer.certificate_issued',
      subjectType: 'volunteer',
      subjectId: volunteerId,
      districtId,
      details: { fiscalYear, format: input.format },
    })
    .returning({ id: auditEvents.id });
  return {
    number: `${fiscalYear}-${String(audit!.id).padStart(6, '0')}`,
    volunteerId,
    ...identity,
    fiscalYear: { fiscalYear, ...fiscalYearLabel(fiscalYear) },
    periodFrom: `${fiscalYear}-04-01`,
    periodTo: `${fiscalYear + 1}-03-31`,
    totals: totalsView(totals),
    district: districtId ? await districtName(db, districtId) : '',
    centre: districtId ? await centreOf(db, districtId) : null,
    issuedOn: jstToday(now),
  };
}
