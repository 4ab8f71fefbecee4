import { error, fail, redirect } from '@sveltejs/kit';
import type { WinterFeeClassList, WinterHouseholdFees } from '@sasaeai/contracts';
import { japanDate } from '$lib/help';
import { t } from '$lib/i18n';
import { apiGet, apiPost, apiPut, type ApiEvent } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { formErrorsFromApi, summaryError, textField } from '$lib/server/form-errors';
import { loaded, loginRedirectPath, requireRole } from '$lib/server/guard';
import { seasonParam, yenInput } from '$lib/winter-fees';
import type { Actions, PageServerLoad } from './$types';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const payFields = ['amountYen', 'paidOn', 'method'] as const;

function householdPath(residentId: string) {
  return `/api/winter-fees/households/${encodeURIComponent(residentId)}` as const;
}

export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const { residentId } = event.params;
  const notFound = () => error(404, { message: t(event.locals.locale, 'error.notFound') });
  if (!uuid.test(residentId)) notFound();
  const season = seasonParam(event.url, japanDate());
  const [fees, classes] = await Promise.all([
    apiGet<WinterHouseholdFees>(event, `${householdPath(residentId)}?season=${String(season)}`),
    apiGet<WinterFeeClassList>(event, '/api/winter-fees/classes'),
  ]);
  // The API answers 404 for a household outside the coordinator's districts.
  if (!fees.ok && fees.status === 404) notFound();
  return {
    fees: loaded(event, fees),
    classes: loaded(event, classes).classes.filter((c) => c.active),
    today: japanDate(),
    done: takeFlash(event)?.done ?? null,
  };
};

/** Post/Redirect/Get back to this household's season, with the notice shown once. */
function doneRedirect(
  event: Parameters<typeof takeFlash>[0],
  done: string,
  seasonYear: number,
): never {
  flashRedirect(event, { done }, `${event.url.pathname}?season=${String(seasonYear)}`);
}

async function send(event: ApiEvent & { url: URL }, run: () => ReturnType<typeof apiPost>) {
  const result = await run();
  if (result.status === 401) redirect(303, loginRedirectPath(event.url));
  return result;
}

export const actions: Actions = {
  setClass: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const data = await event.request.formData();
    const seasonYear = Number(textField(data, 'seasonYear'));
    const feeClassId = textField(data, 'feeClassId');
    const result = await send(event, () =>
      apiPut(event, householdPath(event.params.residentId), { seasonYear, feeClassId }),
    );
    if (result.ok) doneRedirect(event, 'classSet', seasonYear);
    const locale = event.locals.locale;
    return fail(result.status >= 500 ? 503 : result.status, {
      classError:
        result.status >= 500
          ? t(locale, 'error.generic')
          : (formErrorsFromApi(result.error, locale, ['feeClassId']).fields.feeClassId ??
            result.error.message[locale]),
    });
  },
  pay: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const data = await event.request.formData();
    const seasonYear = Number(textField(data, 'seasonYear'));
    const values = {
      amountYen: textField(data, 'amountYen'),
      paidOn: textField(data, 'paidOn').trim(),
      method: textField(data, 'method'),
    };
    const result = await send(event, () =>
      apiPost(event, `${householdPath(event.params.residentId)}/payments`, {
        seasonYear,
        amountYen: yenInput(values.amountYen),
        paidOn: values.paidOn,
        method: values.method,
      }),
    );
    if (result.ok) doneRedirect(event, 'paid', seasonYear);
    const locale = event.locals.locale;
    if (result.status >= 500) {
      return fail(503, {
        values,
        errors: summaryError<(typeof payFields)[number]>(t(locale, 'error.generic')),
      });
    }
    return fail(result.status, {
      values,
      errors: formErrorsFromApi(result.error, locale, payFields),
    });
  },
  /** Void a payment recorded by mistake (the reason is required; it stays with the payment). */
  void: async (event) => {
    requireRole(event, 'coordinator', 'error.coordinatorOnly');
    const data = await event.request.formData();
    const paymentId = textField(data, 'paymentId');
    const reason = textField(data, 'reason');
    const seasonYear = Number(textField(data, 'seasonYear'));
    const locale = event.locals.locale;
    if (!uuid.test(paymentId))
      return fail(400, { voidError: { paymentId, reason, message: t(locale, 'error.generic') } });
    const result = await send(event, () =>
      apiPost(
        event,
        `${householdPath(event.params.residentId)}/payments/${encodeURIComponent(paymentId)}/void`,
        { reason },
      ),
    );
    if (result.ok) doneRedirect(event, 'voided', seasonYear);
    if (result.status >= 500) {
      return fail(503, { voidError: { paymentId, reason, message: t(locale, 'error.generic') } });
    }
    return fail(result.status, {
      voidError: {
        paymentId,
        reason,
        message:
          formErrorsFromApi(result.error, locale, ['reason']).fields.reason ??
          result.error.message[locale],
      },
    });
  },
};
