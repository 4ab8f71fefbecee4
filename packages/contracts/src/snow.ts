import { z } from 'zod';
import { RequestStatus } from './enums.ts';
import { DistrictCode } from './districts.ts';
import { ClockTime, IsoDate } from './help-loop.ts';
import { SnowEventSource, WinterRegistrationStatus } from './snow-enums.ts';
import { freeText } from './text.ts';

/** 冬の除雪登録: what to clear, by when, from how many cm of snow, for which stretch of winter. */
export const WinterRegistrationBody = z
  .object({
    /** 間口: the width of frontage to clear, in metres. */
    frontageMetres: z.number().min(0.5).max(50),
    clearPath: z.boolean().default(false),
    roofFall: z.boolean().default(false),
    readyFrom: ClockTime,
    readyBy: ClockTime,
    thresholdCm: z.int().min(1).max(100),
    accessNotes: freeText({ max: 300, multiline: true }).optional(),
    /** Defaults to the whole season (1 Dec – 31 Mar); a range outside it is refused. */
    validFrom: IsoDate.optional(),
    validUntil: IsoDate.optional(),
    /** Only for coordinators: the resident of their district on whose behalf they register. */
    residentId: z.uuid().optional(),
  })
  .refine((b) => b.readyFrom < b.readyBy, { message: 'window_order', path: ['readyBy'] });
export type WinterRegistrationBody = z.infer<typeof WinterRegistrationBody>;

export const WinterRegistration = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  district: z.string().nullable(),
  viaProxy: z.boolean(),
  seasonYear: z.int(),
  validFrom: IsoDate,
  validUntil: IsoDate,
  frontageMetres: z.number(),
  clearPath: z.boolean(),
  roofFall: z.boolean(),
  readyFrom: ClockTime,
  readyBy: ClockTime,
  thresholdCm: z.int(),
  accessNotes: z.string().nullable(),
  status: WinterRegistrationStatus,
});
export type WinterRegistration = z.infer<typeof WinterRegistration>;

export const WinterRegistrationResponse = z.object({ registration: WinterRegistration });
export const MyWinterResponse = z.object({
  seasonYear: z.int(),
  seasonFrom: IsoDate,
  seasonUntil: IsoDate,
  registration: WinterRegistration.nullable(),
});
export type MyWinterResponse = z.infer<typeof MyWinterResponse>;

export const WinterRegistrationList = z.object({ registrations: z.array(WinterRegistration) });

export const WinterStatusChange = z.object({ status: z.enum(['active', 'paused', 'ended']) });

/** A snowfall declared for some districts on one day (Japan time). */
export const DeclareSnowEventBody = z.object({
  districts: z.array(DistrictCode).min(1).max(60),
  cm: z.int().min(1).max(500),
  observedOn: IsoDate,
});
export type DeclareSnowEventBody = z.infer<typeof DeclareSnowEventBody>;

export const SnowEventOutcome = z.object({
  eventId: z.uuid(),
  district: z.string(),
  observedOn: IsoDate,
  cm: z.int(),
  source: SnowEventSource,
  /** Help requests this declaration created. */
  created: z.int(),
  /** Registrations the snowfall triggers that already had their request for this event. */
  alreadyExisted: z.int(),
  /** Registrations it triggers whose clearing mornings have already passed: recorded, not worked. */
  tooLate: z.int(),
});
export type SnowEventOutcome = z.infer<typeof SnowEventOutcome>;

export const DeclareSnowEventResponse = z.object({
  events: z.array(SnowEventOutcome),
  created: z.int(),
  alreadyExisted: z.int(),
  tooLate: z.int(),
});
export type DeclareSnowEventResponse = z.infer<typeof DeclareSnowEventResponse>;

export const SnowBoardQuery = z.object({ date: IsoDate });

export const SnowBoardDistrict = z.object({
  district: z.string(),
  eventId: z.uuid(),
  cm: z.int(),
  source: SnowEventSource,
  total: z.int(),
  byStatus: z.array(z.object({ status: RequestStatus, count: z.int() })),
});
export const SnowBoard = z.object({ date: IsoDate, districts: z.array(SnowBoardDistrict) });
export type SnowBoard = z.infer<typeof SnowBoard>;

/** Query of a JMA CSV upload: the station to read and the districts it stands for. */
export const SnowImportQuery = z.object({
  station: freeText({ min: 1, max: 40 }).default('旭川'),
  districts: z
    .union([DistrictCode, z.array(DistrictCode)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(DistrictCode).min(1).max(60)),
});

export const SnowImportResponse = DeclareSnowEventResponse.extend({
  /** Days in the file with at least 1 cm of new snow. */
  snowyDays: z.int(),
  /** Days in the file, snowy or not. */
  days: z.int(),
});
export type SnowImportResponse = z.infer<typeof SnowImportResponse>;

/** A coordinator's residents and their winter registrations for the season. */
export const WinterResidentsQuery = z.object({ resident: z.uuid().optional() });
export const WinterResident = z.object({
  residentId: z.uuid(),
  fullName: z.string(),
  district: z.string(),
  registration: WinterRegistration.nullable(),
});
export type WinterResident = z.infer<typeof WinterResident>;
export const WinterResidentList = z.object({
  seasonYear: z.int(),
  residents: z.array(WinterResident),
});
export type WinterResidentList = z.infer<typeof WinterResidentList>;
