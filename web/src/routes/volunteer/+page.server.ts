import { fail } from '@sveltejs/kit';
import {
  VolunteerReason,
  type CompleteBody,
  type DeclineBody,
  type HandBackBody,
  type MatchWithRequest,
  type VolunteerProfileView,
} from '@sasaeai/contracts';
import type { FormErrors } from '$lib/forms';
import { t } from '$lib/i18n';
import { apiGet, apiPost } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { checkboxField, textField } from '$lib/server/form-errors';
import { actionFailed, idField, loaded, requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const NOTE_MAX = 500;

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'volunteer', 'error.volunteerOnly');
  const [offers, profile] = await Promise.all([
    apiGet<{ matches: MatchWithRequest[] }>(event, '/api/me/offers'),
    apiGet<{ profile: VolunteerProfileView }>(event, '/api/me/volunteer-profile'),
  ]);
  const { matches } = loaded(event, offers);
  return {
    offered: matches.filter((m) => m.status === 'offered'),
    accepted: matches.filter((m) => m.status === 'accepted'),
    completed: matches.filter((m) => m.status === 'completed').slice(0, 10),
    profile: profile.ok ? profile.data.profile : null,
    // What the last answer did (Post/Redirect/Get: shown once, a reload sends nothing again).
    flash: takeFlash(event),
  };
};

type CompleteField = 'minutesSpent' | 'wellbeingNote';

/** Accept / decline (with the reason chosen, if any) / take a decline back. */
async function answer(event: RequestEvent, verb: 'accept' | 'decline' | 'undo-decline') {
  requireRole(event, 'volunteer', 'error.volunteerOnly');
  const data = await event.request.formData();
  const matchId = idField(data, 'matchId');
  if (!matchId)
    return fail(400, { matchId: null, actionError: t(event.locals.locale, 'error.generic') });
  const reason = VolunteerReason.safeParse(textField(data, 'reason'));
  const body: DeclineBody = verb === 'decline' && reason.success ? { reason: reason.data } : {};
  const result = await apiPost(event, `/api/matches/${matchId}/${verb}`, body);
  if (!result.ok) return actionFailed(event, result, { matchId });
  const done = {
    accept: 'accepted',
    decline: 'declined',
    'undo-decline': 'declineUndone',
  } as const;
  flashRedirect(event, { matchId, done: done[verb] });
}

export const actions: Actions = {
  accept: (event) => answer(event, 'accept'),
  decline: (event) => answer(event, 'decline'),
  undoDecline: (event) => answer(event, 'undo-decline'),

  /** 「行けなくなりました」: give an accepted task back, with an optional reason from the list. */
  handBack: async (event) => {
    requireRole(event, 'volunteer', 'error.volunteerOnly');
    const data = await event.request.formData();
    const matchId = idField(data, 'matchId');
    if (!matchId)
      return fail(400, { matchId: null, actionError: t(event.locals.locale, 'error.generic') });
    const reason = VolunteerReason.safeParse(textField(data, 'reason'));
    const body: HandBackBody = reason.success ? { reason: reason.data } : {};
    const result = await apiPost(event, `/api/matches/${matchId}/hand-back`, body);
    if (!result.ok) return actionFailed(event, result, { matchId });
    flashRedirect(event, { matchId, done: 'handedBack' });
  },

  complete: async (event) => {
    requireRole(event, 'volunteer', 'error.volunteerOnly');
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const matchId = idField(data, 'matchId');
    const values = {
      minutesSpent: textField(data, 'minutesSpent').trim(),
      wellbeingNote: textField(data, 'wellbeingNote').trim(),
      concern: checkboxField(data, 'concern'),
    };
    if (!matchId) return fail(400, { matchId: null, actionError: t(locale, 'error.generic') });

    const errors: FormErrors<CompleteField> = { summary: null, fields: {} };
    // Full-width digits (１２０) are what many Japanese keyboards type.
    const digits = values.minutesSpent.normalize('NFKC');
    const minutes = /^\d+$/.test(digits) ? Number(digits) : NaN;
    if (!(minutes >= 1 && minutes <= 1440)) {
      errors.fields.minutesSpent = t(locale, 'validation.minutes');
    }
    if (values.wellbeingNote.length > NOTE_MAX) {
      errors.fields.wellbeingNote = t(locale, 'validation.tooLong', {
        field: t(locale, 'vol.note'),
      });
    }
    if (errors.fields.minutesSpent || errors.fields.wellbeingNote) {
      return fail(400, { matchId, values, errors });
    }

    const body: CompleteBody = { minutesSpent: minutes, concern: values.concern };
    if (values.wellbeingNote !== '') body.wellbeingNote = values.wellbeingNote;
    const result = await apiPost(event, `/api/matches/${matchId}/complete`, body);
    if (!result.ok) return actionFailed(event, result, { matchId, values });
    flashRedirect(event, { matchId, done: 'completed' });
  },
};
