import { inArray, sql } from 'drizzle-orm';
import type { MatchStatus } from '@sasaeai/contracts';
import { canMoveRequest, decideProposal } from '@sasaeai/core';
import type { Database, Tx } from '../client.ts';
import {
  auditEvents,
  districtSettings,
  helpRequests,
  matches,
  volunteerProfiles,
} from '../schema/index.ts';
import { illegalMove } from './errors.ts';
import { enqueueOutbox } from './outbox.ts';
import { statusAuditRows, statusNotices, type StatusChange } from './batch-transitions.ts';
import { bookingRange, liveStatuses } from './live-matches.ts';
import type { LiveNotice } from './notices.ts';
import type { PlaceMatchInput } from './propose.ts';
import { deriveRequestStatus } from './request-status.ts';
import { defaultDistrictSettings } from './settings.ts';

const liveSet = new Set<string>(liveStatuses);

export interface ProposedBatch {
  /** The proposals that became matches, with when their request was made (for latency). */
  placed: { requestId: string; volunteerId: string; matchId: string; requestCreatedAt: Date }[];
  /** Proposals the guards or the booking constraints turned down (a race, a duplicate job). */
  refused: number;
  notices: LiveNotice[];
}

type MatchValues = typeof matches.$inferInsert & { status: 'proposed' | 'offered' };
interface KnownMatch {
  volunteerId: string;
  slot: number;
  status: MatchStatus;
  exclusive: boolean;
}

/**
 * The matcher's proposals of one run, written in one transaction with a fixed number of
 * statements however many there are. Each proposal passes the one proposal guard
 * (`decideProposal` in core, as `proposeMatch` and a coordinator's assignment do); the booking
 * constraints are the final word, and a proposal they refuse
 * is skipped (`on conflict do nothing`) instead of failing the others.
 */
export interface BatchProposal extends Omit<PlaceMatchInput, 'now'> {
  /** Offer straight to the volunteer, skipping approval (e.g. a household's season pair). */
  offer?: boolean;
  /** Added to the audit event's details. */
  auditDetails?: Record<string, unknown>;
}

export async function proposeMatches(
  db: Database,
  proposals: readonly BatchProposal[],
  now = new Date(),
): Promise<ProposedBatch> {
  if (proposals.length === 0) return { placed: [], refused: 0, notices: [] };
  const requestIds = [...new Set(proposals.map((p) => p.requestId))].sort();
  const volunteerIds = [...new Set(proposals.map((p) => p.volunteerId))];

  return db.transaction(async (tx) => {
    const requests = await tx
      .select()
      .from(helpRequests)
      .where(inArray(helpRequests.id, requestIds))
      .orderBy(helpRequests.id)
      .for('update');
    const existing = await tx
      .select({
        requestId: matches.requestId,
        volunteerId: matches.volunteerId,
        slot: matches.slot,
        status: matches.status,
        exclusive: matches.exclusive,
      })
      .from(matches)
      .where(inArray(matches.requestId, requestIds));
    const profiles = await tx
      .select({
        userId: volunteerProfiles.userId,
        verification: volunteerProfiles.verification,
        kind: volunteerProfiles.kind,
        trusted: volunteerProfiles.trusted,
        firstTimer: sql<boolean>`${volunteerProfiles.firstTaskWithBuddy} and not exists (
          select 1 from matches done
          where done.volunteer_id = ${volunteerProfiles.userId} and done.status = 'completed'
        )`,
      })
      .from(volunteerProfiles)
      .where(inArray(volunteerProfiles.userId, volunteerIds));
    const districtIds = [...new Set(requests.map((r) => r.districtId))];
    const settingsRows = await tx
      .select()
      .from(districtSettings)
      .where(inArray(districtSettings.districtId, districtIds));

    const requestById = new Map(requests.map((r) => [r.id, r]));
    const proposalOf = new Map(proposals.map((p) => [`${p.requestId}:${p.volunteerId}`, p]));
    const profileById = new Map(profiles.map((p) => [p.userId, p]));
    const settingsOf = (districtId: string) =>
      settingsRows.find((row) => row.districtId === districtId) ?? defaultDistrictSettings;
    const matchesOf = new Map<string, KnownMatch[]>();
    for (const row of existing) {
      const list = matchesOf.get(row.requestId) ?? [];
      list.push(row);
      matchesOf.set(row.requestId, list);
    }

    const planned: MatchValues[] = [];
    for (const proposal of proposals) {
      const request = requestById.get(proposal.requestId);
      const profile = profileById.get(proposal.volunteerId);
      if (!request || !profile) continue;
      const all = matchesOf.get(request.id) ?? [];
      const live = all.filter((m) => liveSet.has(m.status));
      const decision = decideProposal({
        request,
        live,
        volunteerId: proposal.volunteerId,
        volunteer: profile,
      });
      if (!decision.ok) continue;
      const { slot, group } = decision;
      const settings = settingsOf(request.districtId);
      const offer = proposal.offer === true || (settings.autoApproveTrusted && profile.trusted);
      const values: MatchValues = {
        requestId: request.id,
        volunteerId: proposal.volunteerId,
        slot,
        status: offer ? 'offered' : 'proposed',
        score: proposal.score,
        scoreBreakdown: proposal.breakdown ?? {},
        bookedDuring: bookingRange(request.windowStart, request.windowEnd),
        exclusive: !group,
        offeredAt: offer ? now : null,
        offerExpiresAt: offer ? new Date(now.getTime() + settings.offerTtlMinutes * 60_000) : null,
      };
      planned.push(values);
      all.push({ volunteerId: values.volunteerId, slot, status: values.status, exclusive: !group });
      matchesOf.set(request.id, all);
    }
    if (planned.length === 0) return { placed: [], refused: proposals.length, notices: [] };

    const written = await tx.insert(matches).values(planned).onConflictDoNothing().returning({
      id: matches.id,
      requestId: matches.requestId,
      volunteerId: matches.volunteerId,
      status: matches.status,
    });
    const inserted = await withoutLoneFirstTimers(tx, written, proposals, existing, profileById);
    const placed = inserted.map((row) => ({
      requestId: row.requestId,
      volunteerId: row.volunteerId,
      matchId: row.id,
      requestCreatedAt: requestById.get(row.requestId)!.createdAt,
    }));
    if (inserted.length === 0) return { placed, refused: proposals.length, notices: [] };

    await tx.insert(auditEvents).values(
      inserted.map((row) => {
        const proposal = proposalOf.get(`${row.requestId}:${row.volunteerId}`);
        return {
          action: row.status === 'offered' ? 'match.offered' : 'match.proposed',
          subjectType: 'match',
          subjectId: row.id,
          districtId: requestById.get(row.requestId)!.districtId,
          details: {
            requestId: row.requestId,
            volunteerId: row.volunteerId,
            auto: row.status === 'offered' && proposal?.offer !== true,
            ...proposal?.auditDetails,
          },
        };
      }),
    );
    await enqueueOutbox(
      tx,
      inserted.map((row) => ({
        topic: 'match.changed' as const,
        payload: {
          matchId: row.id,
          requestId: row.requestId,
          districtId: requestById.get(row.requestId)!.districtId,
        },
      })),
    );

    // Statuses follow from the matches actually written (a refused row is not among them).
    const kept = new Set(inserted.map((row) => `${row.requestId}:${row.volunteerId}`));
    const changes: StatusChange[] = [];
    for (const requestId of new Set(inserted.map((row) => row.requestId))) {
      const request = requestById.get(requestId)!;
      const rows = [
        ...existing.filter((m) => m.requestId === requestId),
        ...planned.filter(
          (m) => m.requestId === requestId && kept.has(`${requestId}:${m.volunteerId}`),
        ),
      ].map((m) => ({ status: m.status, exclusive: m.exclusive ?? true }));
      const to = deriveRequestStatus(request.status, request.peopleNeeded, rows);
      if (to !== request.status) {
        if (!canMoveRequest(request.status, to)) {
          throw illegalMove({ entity: 'request', from: request.status, to });
        }
        changes.push({
          requestId,
          districtId: request.districtId,
          residentId: request.residentId,
          from: request.status,
          to,
        });
      }
    }
    for (const to of new Set(changes.map((change) => change.to))) {
      const ids = changes.filter((change) => change.to === to).map((change) => change.requestId);
      await tx
        .update(helpRequests)
        .set({
          status: to,
          ...(to === 'matching'
            ? {
                unmatchedReason: null,
                matchingSince: sql`coalesce(${helpRequests.matchingSince}, ${now.toISOString()}::timestamptz)`,
              }
            : {}),
        })
        .where(inArray(helpRequests.id, ids));
    }
    if (changes.length > 0) await tx.insert(auditEvents).values(statusAuditRows(changes));
    const backToMatching = changes.filter((change) => change.to === 'matching');
    if (backToMatching.length > 0) {
      await enqueueOutbox(
        tx,
        backToMatching.map((change) => ({
          topic: 'help_request.changed' as const,
          payload: { requestId: change.requestId, districtId: change.districtId },
        })),
      );
    }

    const notices: LiveNotice[] = inserted.flatMap((row) => {
      const event = { type: 'match.changed' as const, matchId: row.id, status: row.status };
      const districtId = requestById.get(row.requestId)!.districtId;
      return [
        { audience: { districtId }, event },
        ...(row.status === 'offered' ? [{ audience: { userId: row.volunteerId }, event }] : []),
      ];
    });
    notices.push(...statusNotices(changes));
    return { placed, refused: proposals.length - inserted.length, notices };
  });
}

/**
 * Supported volunteering: the engine proposed a first-timer beside someone on a request nobody
 * held, but the guards or the booking constraints may have refused that someone. A first-timer
 * so left without anyone on the request is taken out again (deleted in the same transaction, so
 * never seen) and counts as refused; the next run pairs them anew. Requests whose proposals were
 * all written are left as they are.
 */
async function withoutLoneFirstTimers<
  T extends { id: string; requestId: string; volunteerId: string },
>(
  tx: Tx,
  written: T[],
  proposals: readonly { requestId: string }[],
  existing: readonly { requestId: string; status: MatchStatus }[],
  profileById: ReadonlyMap<string, { firstTimer: boolean }>,
): Promise<T[]> {
  const count = (rows: readonly { requestId: string }[]) => {
    const n = new Map<string, number>();
    for (const row of rows) n.set(row.requestId, (n.get(row.requestId) ?? 0) + 1);
    return n;
  };
  const proposed = count(proposals);
  const placed = count(written);
  const accompanied = new Set(
    existing.filter((m) => liveSet.has(m.status)).map((m) => m.requestId),
  );
  for (const [requestId, n] of placed) {
    if (n === proposed.get(requestId)) accompanied.add(requestId);
  }
  for (const row of written) {
    if (profileById.get(row.volunteerId)?.firstTimer !== true) accompanied.add(row.requestId);
  }
  const lone = written.filter((row) => !accompanied.has(row.requestId));
  if (lone.length === 0) return written;
  await tx.delete(matches).where(
    inArray(
      matches.id,
      lone.map((row) => row.id),
    ),
  );
  return written.filter((row) => accompanied.has(row.requestId));
}
