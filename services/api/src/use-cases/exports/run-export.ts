import type { Readable } from 'node:stream';
import type { Database } from '@sasaeai/db/client';
import { auditEvents } from '@sasaeai/db/schema';
import type {
  CentreReportQuery,
  DistrictExportQuery,
  MatchesExportQuery,
  RequestsExportQuery,
} from '@sasaeai/contracts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { registerScopeOf } from '../residents/register-scope.ts';
import { centreReport, reportPeriod } from '../reports/centre-report.ts';
import { centreScopeOf } from '../reports/report-scope.ts';
import { activityExport } from './activity-export.ts';
import { csvStream } from './csv.ts';
import { withExportSlot } from './export-slots.ts';
import type { ExportSource } from './export-source.ts';
import { matchesExport } from './matches-export.ts';
import { requestsExport } from './requests-export.ts';
import { residentsExport } from './residents-export.ts';
import { volunteersExport } from './volunteers-export.ts';

export type ExportRequest =
  | { kind: 'requests'; query: RequestsExportQuery }
  | { kind: 'matches'; query: MatchesExportQuery }
  | { kind: 'volunteers' | 'residents'; query: DistrictExportQuery }
  | { kind: 'activity'; query: CentreReportQuery };

/** Which filters were used, without their values where a value could name a person. */
function auditedFilters(request: ExportRequest): Record<string, string | number | boolean> {
  const filters: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(request.query)) {
    if (value === undefined) continue;
    filters[key] = key === 'q' ? true : (value as string | number);
  }
  return filters;
}

/**
 * A coordinator's CSV export of their scope, written as it is read. Once the last row is out,
 * an audit row records the kind, the filters and how many rows left (no personal data); a read
 * that fails part-way ends the download with an error and is not audited as an export.
 * At most `EXPORT_SLOTS` run at once (503 with Retry-After beyond).
 */
export function exportCsv(
  db: Database,
  actor: SessionUser,
  request: ExportRequest,
): Promise<{ stream: Readable; filename: string }> {
  return withExportSlot(db, () => openExport(db, actor, request));
}

async function openExport(
  db: Database,
  actor: SessionUser,
  request: ExportRequest,
): Promise<{ stream: Readable; filename: string }> {
  const scope = await centreScopeOf(db, actor, request.query.district);
  let source: ExportSource;
  let label = scope.district?.code ?? (scope.districtIds === null ? 'city' : 'mine');
  switch (request.kind) {
    case 'requests':
      source = requestsExport(db, scope, registerScopeOf(actor), request.query);
      break;
    case 'matches':
      source = matchesExport(db, scope, request.query);
      break;
    case 'volunteers':
      source = volunteersExport(db, scope);
      break;
    case 'residents':
      source = residentsExport(db, scope, registerScopeOf(actor));
      break;
    case 'activity': {
      const period = reportPeriod(request.query);
      label += `-${period.month ?? `FY${String(period.fiscalYear)}`}`;
      source = activityExport(await centreReport(db, scope, period));
      break;
    }
  }
  const rows = (async function* () {
    let count = 0;
    for await (const row of source.rows) {
      count += 1;
      yield row;
    }
    await db.insert(auditEvents).values({
      actorId: actor.id,
      action: 'export.downloaded',
      subjectType: 'export',
      subjectId: request.kind,
      districtId: scope.district?.id ?? null,
      details: { kind: request.kind, filters: auditedFilters(request), rows: count },
    });
  })();
  return {
    stream: csvStream(source.header, rows),
    filename: `sasaeai-${request.kind}-${label}.csv`,
  };
}
