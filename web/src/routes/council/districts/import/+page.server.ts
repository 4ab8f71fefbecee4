import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { requireCouncilStaff } from '$lib/council/access.server';
import type { DistrictImportData } from '$lib/council/types';
import { apiPost } from '$lib/server/api';
import { flashRedirect, takeFlash } from '$lib/server/flash';
import { textField } from '$lib/server/form-errors';
import { loginRedirectPath } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

const COUNT = /^\d{1,7}$/;

/** The counts of the last import, shown once after its redirect (a reload imports nothing). */
export const load: PageServerLoad = (event) => {
  requireCouncilStaff(event);
  const flash = takeFlash(event);
  const keys = ['imported', 'created', 'updated'] as const;
  if (!flash || !keys.every((key) => COUNT.test(flash[key] ?? ''))) return { imported: null };
  return {
    imported: {
      imported: Number(flash.imported),
      created: Number(flash.created),
      updated: Number(flash.updated),
    },
  };
};

/** The API's limit on the CSV text (DistrictImportBody). */
const MAX_CSV = 200_000;
/** The API's limit on a request body: a file is sent as it is, in its own encoding. */
const MAX_FILE_BYTES = 256 * 1024;

export const actions: Actions = {
  default: async (event) => {
    requireCouncilStaff(event);
    const locale = event.locals.locale;
    const data = await event.request.formData();
    const file = data.get('file');
    // An uploaded file wins over the pasted text. It goes to the API as bytes, which reads it in
    // the encoding it was saved in (Excel saves Shift_JIS); pasted text is shown again on errors.
    const upload = file instanceof File && file.size > 0 ? file : null;
    const csv = upload ? '' : textField(data, 'csv');
    if (upload && upload.size > MAX_FILE_BYTES) {
      return fail(400, {
        csv: '',
        summary: null,
        lines: [],
        csvError: t(locale, 'council.import.tooLong'),
      });
    }
    if (!upload && csv.trim() === '') {
      return fail(400, {
        csv,
        summary: null,
        lines: [],
        csvError: t(locale, 'council.import.empty'),
      });
    }
    if (csv.length > MAX_CSV) {
      return fail(400, {
        csv: '',
        summary: null,
        lines: [],
        csvError: t(locale, 'council.import.tooLong'),
      });
    }
    const result = upload
      ? await apiPost<DistrictImportData>(event, '/api/council/districts/import', upload, {
          contentType: 'text/csv',
        })
      : await apiPost<DistrictImportData>(event, '/api/council/districts/import', { csv });
    // Post/Redirect/Get on success (counts in the flash). A refused file re-renders with every
    // problem line instead: nothing was imported, and the report may be far larger than a cookie.
    if (result.ok) {
      flashRedirect(event, {
        imported: String(result.data.imported),
        created: String(result.data.created),
        updated: String(result.data.updated),
      });
    }
    if (result.status === 401) redirect(303, loginRedirectPath(event.url));
    if (result.status >= 500) {
      return fail(503, { csv, summary: t(locale, 'error.generic'), lines: [], csvError: null });
    }
    // Every problem the API found, one per line and field, in the page's language.
    const lines = (result.error.fields ?? []).map((entry) => entry.message[locale]);
    return fail(result.status, {
      csv,
      summary: result.error.message[locale],
      lines,
      csvError: t(locale, 'council.import.fix', { n: lines.length }),
    });
  },
};
