import type { VolunteerCertificate } from '@sasaeai/contracts';
import { apiGet } from '$lib/server/api';
import { loaded, requireRole } from '$lib/server/guard';
import { recordsQuery } from '$lib/volunteer-records';
import type { PageServerLoad } from './$types';

/** A volunteer's activity certificate issued by the coordinator's centre (audited). */
export const load: PageServerLoad = async (event) => {
  requireRole(event, 'coordinator', 'error.coordinatorOnly');
  const id = encodeURIComponent(event.params.id);
  const query = recordsQuery(event.url, ['fy']);
  const result = await apiGet<{ certificate: VolunteerCertificate }>(
    event,
    `/api/volunteers/${id}/certificate${query}`,
  );
  const { certificate } = loaded(event, result);
  const fy = `?fy=${String(certificate.fiscalYear.fiscalYear)}`;
  return { certificate, pdfHref: `/api/volunteers/${id}/certificate.pdf${fy}` };
};
