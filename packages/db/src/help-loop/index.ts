export * from './notices.ts';
export * from './errors.ts';
export { deriveRequestStatus, moveRequestTo, refreshRequestStatus } from './request-status.ts';
export { districtSettingsFor, defaultDistrictSettings, type DistrictSettings } from './settings.ts';
export { liveStatuses } from './live-matches.ts';
export { proposeMatch, assignVolunteer, type PlaceMatchInput } from './propose.ts';
export * from './transitions.ts';
export { enqueueOutbox, outboxInsertFrom } from './outbox.ts';
export {
  markUnmatchedMany,
  startMatchingInDistrict,
  statusNotices,
  type StatusChange,
} from './batch-transitions.ts';
export { proposeMatches, type BatchProposal, type ProposedBatch } from './propose-batch.ts';
export {
  announceRequests,
  insertedRequestsCte,
  type InsertedRequests,
} from './announce-requests.ts';
export { expandWeeklyRoutines, type RoutineExpansion } from './expand-routines.ts';
export { handBackTask, type HandBackInput } from './hand-back.ts';
export { recordNoShow } from './no-show.ts';
export { DECLINE_UNDO_SECONDS, undoDecline } from './undo-decline.ts';
export { offerToSeasonPairs, pendingPairJobs, type PairOffers } from './season-pairs.ts';
export { openToNeighbours } from './neighbours-now.ts';
