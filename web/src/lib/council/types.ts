/** The council API's answers as the pages receive them (types only, from the contracts). */
import type {
  ActivityReport as ActivityReportSchema,
  CouncilCentre as CouncilCentreSchema,
  DistrictImportResult as DistrictImportResultSchema,
  IndicatorHistory as IndicatorHistorySchema,
  IndicatorList as IndicatorListSchema,
  IndicatorValueEntry as IndicatorValueEntrySchema,
  PublicSummary as PublicSummarySchema,
} from '@sasaeai/contracts';

type Output<S extends { parse: (input: unknown) => unknown }> = ReturnType<S['parse']>;

export type IndicatorListData = Output<typeof IndicatorListSchema>;
export type IndicatorHistoryData = Output<typeof IndicatorHistorySchema>;
export type IndicatorValueEntryData = Output<typeof IndicatorValueEntrySchema>;
export type ActivityReportData = Output<typeof ActivityReportSchema>;
export type PublicSummaryData = Output<typeof PublicSummarySchema>;
export type CentreData = Output<typeof CouncilCentreSchema>;
export type DistrictImportData = Output<typeof DistrictImportResultSchema>;
