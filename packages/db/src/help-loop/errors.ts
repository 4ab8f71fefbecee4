/** Why a help-loop transition was refused; the API maps these to HTTP answers. */
export type TransitionFailure =
  | 'not_found'
  | 'invalid_state'
  | 'volunteer_booked'
  | 'request_full'
  | 'already_on_request'
  | 'not_eligible'
  | 'not_started';

export class TransitionError extends Error {
  constructor(readonly reason: TransitionFailure) {
    super(reason);
  }
}
