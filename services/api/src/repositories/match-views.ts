import { eq, inArray } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { districts, helpRequests, residentProfiles, winterRegistrations } from '@sasaeai/db/schema';
import type { MatchWithRequest } from '@sasaeai/contracts';
import { loadMatchViews, type MatchRow } from './help-request-views.ts';

/**
 * Matches with a summary of their request. `revealFor` names the matches whose resident contact
 * (with any consented sensitive note) may be shown (an active volunteer's accepted ones); the
 * caller audits those reveals.
 */
export async function loadMatchesWithRequests(
  db: Database,
  rows: MatchRow[],
  revealFor: Set<string> = new Set(),
): Promise<MatchWithRequest[]> {
  if (rows.length === 0) return [];
  const views = await loadMatchViews(db, rows);
  const requestRows = await db
    .select({
      request: helpRequests,
      districtCode: districts.code,
      districtName: districts.name,
      districtNameEn: districts.nameEn,
      fullName: residentProfiles.fullName,
      phone: residentProfiles.phone,
      accessNotes: winterRegistrations.accessNotes,
    })
    .from(helpRequests)
    .innerJoin(districts, eq(districts.id, helpRequests.districtId))
    .leftJoin(residentProfiles, eq(residentProfiles.userId, helpRequests.residentId))
    .leftJoin(winterRegistrations, eq(winterRegistrations.id, helpRequests.winterRegistrationId))
    .where(inArray(helpRequests.id, [...new Set(rows.map((m) => m.requestId))]));
  const byId = new Map(requestRows.map((r) => [r.request.id, r]));
  return views.map((view) => {
    const r = byId.get(view.requestId)!;
    return {
      ...view,
      request: {
        id: r.request.id,
        category: r.request.category,
        district: r.districtCode,
        districtName: r.districtName,
        districtNameEn: r.districtNameEn,
        windowStart: r.request.windowStart.toISOString(),
        windowEnd: r.request.windowEnd.toISOString(),
        asSoonAsPossible: r.request.asSoonAsPossible,
        peopleNeeded: r.request.peopleNeeded,
        urgency: r.request.urgency,
        notes: r.request.notes,
      },
      contact: revealFor.has(view.id)
        ? {
            fullName: r.fullName ?? '',
            address: r.request.address,
            phone: r.phone,
            sensitiveNotes: r.request.sensitiveNotes,
            accessNotes: r.accessNotes,
          }
        : null,
    };
  });
}
