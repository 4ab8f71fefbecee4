import type { CentreReport, ReportFigures } from '@sasaeai/contracts';
import type { CsvCell } from './csv.ts';
import type { ExportSource } from './export-source.ts';
import { categoryCell } from './labels.ts';

const FIGURES: readonly { key: keyof ReportFigures; header: string }[] = [
  { key: 'requests', header: '依頼 / Requests' },
  { key: 'matched', header: 'マッチ / Matched' },
  { key: 'completed', header: '完了 / Completed' },
  { key: 'cancelled', header: '取消 / Cancelled' },
  { key: 'waiting', header: '待ち / Waiting' },
  { key: 'activeVolunteers', header: '活動した担い手 / Active volunteers' },
  { key: 'activities', header: '活動件数 / Activities' },
  { key: 'hours', header: '活動時間 / Hours' },
  { key: 'personHours', header: '延べ活動時間 / Person-hours' },
  { key: 'residentsHelped', header: '支援した住民 / Residents helped' },
  { key: 'newVolunteers', header: '新しい担い手 / New volunteers' },
  { key: 'newResidents', header: '新しい住民 / New residents' },
  { key: 'concerns', header: '気がかり / Concerns' },
];

/** The report's rows as CSV: each district, each category (request figures only), the total. */
export function activityExport(report: CentreReport): ExportSource {
  const period = report.period.month ?? `FY${String(report.period.fiscalYear)}`;
  const cells = (figures: Partial<ReportFigures>) =>
    FIGURES.map(({ key }) => (figures[key] ?? null) as CsvCell);
  const rows: CsvCell[][] = [
    ...report.byDistrict.map((row) => [
      '地区 / district',
      period,
      row.district.name,
      null,
      ...cells(row),
    ]),
    ...report.byCategory.map((row) => [
      '種類 / category',
      period,
      report.district?.name ?? null,
      categoryCell(row.category),
      ...cells(row),
    ]),
    ['合計 / total', period, report.district?.name ?? null, null, ...cells(report.total)],
  ];
  return {
    header: [
      '行 / Row',
      '期間 / Period',
      '地区 / District',
      '種類 / Category',
      ...FIGURES.map(({ header }) => header),
    ],
    rows: (async function* () {
      yield* rows;
    })(),
  };
}
