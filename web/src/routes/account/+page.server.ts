import { redirect } from '@sveltejs/kit';
import type {
  MyDeletionRequestResponse,
  NotificationPreferencesResponse,
  ResidentProfileResponse,
} from '@sasaeai/contracts';
import { api, apiGet, apiPost } from '$lib/server/api';
import { fail } from '@sveltejs/kit';
import { formErrorsFromApi, textField } from '$lib/server/form-errors';
import { actionFailed, hasRole, loaded, requireUser } from '$lib/server/guard';
import { savePreferencesForm } from '$lib/server/notification-preferences';
import type { Actions, PageServerLoad } from './$types';

const PREFERENCES = '/api/me/notification-preferences';
/** Where the preference forms send the browser after a save (redirect after POST). */
const saved = (what: 'preferences' | 'lineCode' | 'lineUnlinked') =>
  `/account?saved=${what}#notifications`;
const CONTACT = '/api/me/resident-profile';
const contactFields = ['address', 'phone'] as const;
const savedWhats = ['preferences', 'lineCode', 'lineUnlinked', 'contact'] as const;
type SavedWhat = (typeof savedWhats)[number];

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const resident = hasRole(user, 'resident');
  const [deletion, preferences, contact] = await Promise.all([
    apiGet<MyDeletionRequestResponse>(event, '/api/me/deletion-request'),
    apiGet<NotificationPreferencesResponse>(event, PREFERENCES),
    resident ? apiGet<ResidentProfileResponse>(event, CONTACT) : null,
  ]);
  const savedWhat = event.url.searchParams.get('saved');
  return {
    deletion: loaded(event, deletion).request,
    preferences: loaded(event, preferences).preferences,
    contact: contact?.ok ? contact.data.profile : null,
    saved: savedWhats.find((what): what is SavedWhat => what === savedWhat) ?? null,
  };
};

export const actions: Actions = {
  /** A resident's own address and phone (a move, a new number); the district follows. */
  contact: async (event) => {
    requireUser(event);
    const data = await event.request.formData();
    const values = {
      address: textField(data, 'address').trim(),
      phone: textField(data, 'phone').trim(),
    };
    const result = await api<ResidentProfileResponse>(event, 'PATCH', CONTACT, {
      address: values.address,
      phone: values.phone === '' ? null : values.phone,
    });
    if (!result.ok && result.status === 400) {
      return fail(400, {
        contact: {
          values,
          errors: formErrorsFromApi(result.error, event.locals.locale, contactFields),
        },
      });
    }
    if (!result.ok) return actionFailed(event, result, {});
    redirect(303, '/account?saved=contact#contact');
  },

  deletion: async (event) => {
    requireUser(event);
    const result = await apiPost<MyDeletionRequestResponse>(event, '/api/me/deletion-request');
    if (!result.ok) return actionFailed(event, result, {});
    // Post/Redirect/Get: the section itself then says the request is with the centre.
    redirect(303, '/account#deletion');
  },

  preferences: async (event) => {
    requireUser(event);
    return savePreferencesForm(event, PREFERENCES, saved('preferences'));
  },

  lineCode: async (event) => {
    requireUser(event);
    const result = await apiPost<NotificationPreferencesResponse>(
      event,
      `${PREFERENCES}/line-code`,
    );
    if (!result.ok) return actionFailed(event, result, {});
    redirect(303, saved('lineCode'));
  },

  lineUnlink: async (event) => {
    requireUser(event);
    const result = await api<NotificationPreferencesResponse>(
      event,
      'DELETE',
      `${PREFERENCES}/line`,
    );
    if (!result.ok) return actionFailed(event, result, {});
    redirect(303, saved('lineUnlinked'));
  },
};
