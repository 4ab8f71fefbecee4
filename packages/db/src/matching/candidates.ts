import {
  explainCandidates,
  rankCandidates,
  type CandidateExplanation,
  type MatchingOptions,
  type RankedCandidate,
} from '@sasaeai/core';
import type { DbOrTx } from '../client.ts';
import { loadCandidates, loadRequestForMatching } from './queries.ts';

export interface RequestCandidates {
  /** Eligible volunteers, best first, each with the score breakdown. */
  ranked: RankedCandidate[];
  /** Every volunteer of the district and its neighbours, with the reasons they cannot help. */
  explained: CandidateExplanation[];
  /**
   * Volunteers who do not serve the request's own district, only a neighbouring one: the
   * matcher offers them the request only after it has waited for neighbours (the worker's
   * neighbour waiting time), so the coordinator sees them marked.
   */
  fromNeighbours: Set<string>;
}

/**
 * The coordinator's manual-assignment list for one request (`GET /api/help-requests/:id/
 * candidates`): volunteer ids with scores and reasons; the caller adds names it may show.
 * Null when the request does not exist.
 */
export async function candidatesForRequest(
  db: DbOrTx,
  requestId: string,
  options: { now?: Date; matching?: Partial<MatchingOptions> } = {},
): Promise<RequestCandidates | null> {
  const now = options.now ?? new Date();
  const found = await loadRequestForMatching(db, requestId, now);
  if (!found) return null;
  const { request, context } = found;
  // A coordinator choosing by hand may look past the neighbour waiting time.
  const matching = { neighbourWaitMinutes: 0, ...options.matching };
  const candidates = await loadCandidates(db, {
    districtIds: [context.id, ...context.neighbourIds],
    from: request.windowStart,
    to: request.windowEnd,
    residentIds: [request.residentId],
    now,
  });
  return {
    ranked: rankCandidates(request, candidates, { options: matching }),
    explained: explainCandidates(request, candidates, matching),
    fromNeighbours: new Set(
      candidates.filter((c) => !c.districts.some((d) => d.id === context.id)).map((c) => c.id),
    ),
  };
}
