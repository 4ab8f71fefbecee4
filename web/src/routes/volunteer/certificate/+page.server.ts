import type { VolunteerCertificate } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { loaded, requireRole } from '$lib/server/guard';
import { recordsQuery } from '$lib/volunteer-records';
import type { PageServerLoad } from './$types';

/** One's activity certificate for a fiscal year (each view is an audited issuance). */
export const load: PageServerLoad = async (event) => {
  requireRole(event, 'volunteer', 'error.volunteerOnly');
  const query = recordsQuery(event.url, ['fy']);
  const result = await apiGet<{ certificate: VolunteerCertificate }>(
    event,
    `/api/me/volunteer/certificate${query}`,
  );
  const { certificate } = loaded(event, result);
  const fy = `?fy=${String(certificate.fiscalYear.fiscalYear)}`;
  return { certificate, pdfHref: `/api/me/volunteer/certificate.pdf${fy}` };
};
