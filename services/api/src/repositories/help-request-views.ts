import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import type { helpRequests } from '@sasaeai/db/schema';
import {
  auditEvents,
  districts,
  matches,
  residentProfiles,
  thanks,
  users,
  volunteerProfiles,
  winterRegistrations,
} from '@sasaeai/db/schema';
import type { HelpRequestView, MatchView, RequestStatus, ScoreBreakdown } from '@sasaeai/contracts';
import { ScoreBreakdown as ScoreBreakdownSchema } from '@sasaeai/contracts';

export type RequestRow = typeof helpRequests.$inferSelect;
export type MatchRow = typeof matches.$inferSelect;

/** How the viewer relates to a request decides what of it they may see. */
export type Relation = 'owner' | 'coordinator' | 'volunteer' | 'council';

export interface ViewOptions {
  relation: Relation;
  viewerId: string;
  /** Reveal the resident's name, address and phone (audited by the caller). */
  revealContact: boolean;
}

function parseBreakdown(value: unknown): ScoreBreakdown | null {
  const parsed = ScoreBreakdownSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** `showNotes`: include the volunteers' wellbeing notes (the district's coordinators only). */
export async function loadMatchViews(
  db: Database,
  matchRows: MatchRow[],
  showNotes = false,
): Promise<MatchView[]> {
  if (matchRows.length === 0) return [];
  const volunteerIds = [...new Set(matchRows.map((m) => m.volunteerId))];
  const people = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      kind: volunteerProfiles.kind,
      headcount: volunteerProfiles.headcount,
      groupName: volunteerProfiles.groupName,
    })
    .from(users)
    .leftJoin(volunteerProfiles, eq(volunteerProfiles.userId, users.id))
    .where(inArray(users.id, volunteerIds));
  const byId = new Map(people.map((p) => [p.id, p]));
  const thanked = await db
    .select({ matchId: thanks.matchId })
    .from(thanks)
    .where(
      inArray(
        thanks.matchId,
        matchRows.map((m) => m.id),
      ),
    );
  const thankedIds = new Set(thanked.map((t) => t.matchId));
  return matchRows.map((m) => {
    const person = byId.get(m.volunteerId);
    return {
      id: m.id,
      requestId: m.requestId,
      status: m.status,
      slot: m.slot,
      volunteer: {
        id: m.volunteerId,
        displayName: person?.groupName ?? person?.displayName ?? '',
        kind: person?.kind ?? 'individual',
        headcount: person?.headcount ?? 1,
      },
      score: m.score,
      breakdown: parseBreakdown(m.scoreBreakdown),
      offerExpiresAt: m.offerExpiresAt?.toISOString() ?? null,
      completedAt: m.completedAt?.toISOString() ?? null,
      minutesSpent: m.minutesSpent,
      thanked: thankedIds.has(m.id),
      wellbeingNote: showNotes ? m.wellbeingNote : null,
    };
  });
}

export interface RequestParts {
  district: { code: string; name: string; nameEn: string } | undefined;
  resident: { fullName: string; phone: string | null } | undefined;
  /** A snow request's access notes, read from its winter registration; revealed with the contact. */
  accessNotes?: string | null;
  /** Status changes after creation, oldest first. */
  history: { details: unknown; at: Date }[];
  matches: MatchView[];
}

/** One request as this viewer may see it, from rows already loaded. */
export function toRequestView(
  r: RequestRow,
  parts: RequestParts,
  options: ViewOptions,
): HelpRequestView {
  const { district, resident } = parts;
  const showName =
    options.relation === 'owner' || options.relation === 'coordinator' || options.revealContact;
  return {
    id: r.id,
    category: r.category,
    status: r.status,
    district: district?.code ?? '',
    districtName: district?.name ?? '',
    districtNameEn: district?.nameEn ?? '',
    windowStart: r.windowStart.toISOString(),
    windowEnd: r.windowEnd.toISOString(),
    asSoonAsPossible: r.asSoonAsPossible,
    peopleNeeded: r.peopleNeeded,
    urgency: r.urgency,
    notes: r.notes,
    viaProxy: r.viaProxy,
    createdAt: r.createdAt.toISOString(),
    unmatchedReason: options.relation === 'council' ? null : r.unmatchedReason,
    neighboursOpenedAt: r.neighboursOpenedAt?.toISOString() ?? null,
    residentName: showName ? (resident?.fullName ?? null) : null,
    residentId: options.relation === 'coordinator' ? r.residentId : null,
    contact:
      options.revealContact || options.relation === 'owner'
        ? {
            fullName: resident?.fullName ?? '',
            address: r.address,
            phone: resident?.phone ?? null,
            sensitiveNotes: r.sensitiveNotes,
            accessNotes: parts.accessNotes ?? null,
          }
        : null,
    timeline: [
      { status: 'open' as RequestStatus, at: r.createdAt.toISOString() },
      ...parts.history.map((h) => ({
        status: (h.details as { to: RequestStatus }).to,
        at: h.at.toISOString(),
      })),
    ],
    matches: parts.matches,
  };
}

const residentVisibleMatch = new Set(['accepted', 'completed']);

/** Builds the views of several requests for one viewer, in three queries plus matches. */
export async function loadRequestViews(
  db: Database,
  rows: RequestRow[],
  options: ViewOptions,
): Promise<HelpRequestView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const districtRows = await db
    .select({
      id: districts.id,
      code: districts.code,
      name: districts.name,
      nameEn: districts.nameEn,
    })
    .from(districts)
    .where(inArray(districts.id, [...new Set(rows.map((r) => r.districtId))]));
  const districtById = new Map(districtRows.map((d) => [d.id, d]));
  const profiles = await db
    .select()
    .from(residentProfiles)
    .where(inArray(residentProfiles.userId, [...new Set(rows.map((r) => r.residentId))]));
  const profileById = new Map(profiles.map((p) => [p.userId, p]));
  const accessById = await accessNotesOf(db, rows);
  const history = await db
    .select({
      subjectId: auditEvents.subjectId,
      details: auditEvents.details,
      at: auditEvents.createdAt,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'help_request.status'), inArray(auditEvents.subjectId, ids)))
    .orderBy(asc(auditEvents.id));
  const matchRows = await db
    .select()
    .from(matches)
    .where(inArray(matches.requestId, ids))
    .orderBy(asc(matches.createdAt));
  const visibleMatches = matchRows.filter((m) => {
    if (options.relation === 'coordinator') return true;
    if (options.relation === 'volunteer') return m.volunteerId === options.viewerId;
    if (options.relation === 'owner') return residentVisibleMatch.has(m.status);
    return false;
  });
  const matchViews = await loadMatchViews(db, visibleMatches, options.relation === 'coordinator');

  return rows.map((r) =>
    toRequestView(
      r,
      {
        district: districtById.get(r.districtId),
        resident: profileById.get(r.residentId),
        accessNotes: r.winterRegistrationId ? accessById.get(r.winterRegistrationId) : null,
        history: history.filter((h) => h.subjectId === r.id),
        matches: matchViews.filter((m) => m.requestId === r.id),
      },
      options,
    ),
  );
}

/** The access notes of the winter registrations behind snow requests, by registration id. */
async function accessNotesOf(
  db: Database,
  rows: RequestRow[],
): Promise<Map<string, string | null>> {
  const ids = [
    ...new Set(rows.map((r) => r.winterRegistrationId).filter((id): id is string => id !== null)),
  ];
  if (ids.length === 0) return new Map();
  const found = await db
    .select({ id: winterRegistrations.id, accessNotes: winterRegistrations.accessNotes })
    .from(winterRegistrations)
    .where(inArray(winterRegistrations.id, ids));
  return new Map(found.map((row) => [row.id, row.accessNotes]));
}
