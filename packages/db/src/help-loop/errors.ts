import type { MatchStatus, RequestStatus } from '@sasaeai/contracts';

/** Why a help-loop transition was refused; the API maps these to HTTP answers. */
export type TransitionFailure =
  | 'not_found'
  | 'invalid_state'
  | 'volunteer_booked'
  | 'request_full'
  | 'already_on_request'
  | 'not_eligible'
  | 'not_started'
  | 'undo_expired'
  | 'no_longer_open';

/** The move the state machine (`@sasaeai/core` lifecycle) refused, for logs and tests. */
export type RefusedMove =
  | { entity: 'request'; from: RequestStatus; to: RequestStatus }
  | { entity: 'match'; from: MatchStatus; to: MatchStatus };

export class TransitionError extends Error {
  constructor(
    readonly reason: TransitionFailure,
    readonly move?: RefusedMove,
  ) {
    super(move ? `${reason}: ${move.entity} ${move.from} → ${move.to}` : reason);
  }
}

/** A move the state machine does not allow: `invalid_state`, which the API answers with 409. */
export function illegalMove(move: RefusedMove): TransitionError {
  return new TransitionError('invalid_state', move);
}
