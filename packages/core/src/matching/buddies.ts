import { hasBuddy } from './eligibility.ts';
import type {
  BatchResult,
  CandidateVolunteer,
  MatchingOptions,
  MatchRequest,
  Proposal,
} from './types.ts';

/**
 * With `buddyInBatch`, a first-timer (`needsBuddy`) is eligible for an empty request for 2+
 * people, on the understanding that the same batch proposes someone else for it too. This is
 * where that is made true: on a request nobody held before the batch, proposals that are all
 * first-timers are dropped. Pairs alone cannot say it, so both engines and `confirmProposals`
 * run their result through here.
 */
export function withoutLoneNewcomers(
  proposals: readonly Proposal[],
  requests: readonly MatchRequest[],
  candidates: readonly CandidateVolunteer[],
): { kept: Proposal[]; dropped: Proposal[] } {
  const newcomers = new Set(candidates.filter((c) => c.needsBuddy === true).map((c) => c.id));
  if (newcomers.size === 0) return { kept: [...proposals], dropped: [] };
  const requestById = new Map(requests.map((r) => [r.id, r]));
  const accompanied = new Set<string>();
  for (const p of proposals) {
    const request = requestById.get(p.requestId);
    if (!newcomers.has(p.volunteerId) || (request && hasBuddy(request))) {
      accompanied.add(p.requestId);
    }
  }
  const kept: Proposal[] = [];
  const dropped: Proposal[] = [];
  for (const p of proposals) (accompanied.has(p.requestId) ? kept : dropped).push(p);
  return { kept, dropped };
}

/** An engine's result with lone first-timers dropped and their places held back. */
export function applyBuddyRule(
  result: BatchResult,
  requests: readonly MatchRequest[],
  candidates: readonly CandidateVolunteer[],
  opts: Pick<MatchingOptions, 'buddyInBatch'>,
): BatchResult {
  if (opts.buddyInBatch !== true) return result;
  const { kept, dropped } = withoutLoneNewcomers(result.proposals, requests, candidates);
  if (dropped.length === 0) return result;
  const heldBack = result.heldBack.map((held) => ({ ...held }));
  for (const p of dropped) {
    const held = heldBack.find((h) => h.requestId === p.requestId);
    if (held) held.placesOpen += 1;
    else heldBack.push({ requestId: p.requestId, reason: 'no_candidates', placesOpen: 1 });
  }
  return { ...result, proposals: kept, heldBack };
}
