import type { WinterRegistration } from '@sasaeai/contracts';
import { clockOfMinutes } from '@sasaeai/core';
import type { winterRegistrations } from '@sasaeai/db/schema';

export type WinterRow = typeof winterRegistrations.$inferSelect;

export function toWinterView(row: WinterRow, district: string | null): WinterRegistration {
  return {
    id: row.id,
    residentId: row.residentId,
    district,
    viaProxy: row.viaProxy,
    seasonYear: row.seasonYear,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    frontageMetres: row.frontageMetres,
    clearPath: row.clearPath,
    roofFall: row.roofFall,
    readyFrom: clockOfMinutes(row.readyFromMinute),
    readyBy: clockOfMinutes(row.readyByMinute),
    thresholdCm: row.thresholdCm,
    accessNotes: row.accessNotes,
    status: row.status,
  };
}
