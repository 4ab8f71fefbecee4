/** The winter registration form's fields, shared by its component and the actions. */
import type { FormErrors } from './forms.ts';

export const winterFields = [
  'frontageMetres',
  'clearPath',
  'roofFall',
  'readyFrom',
  'readyBy',
  'thresholdCm',
  'accessNotes',
  'validFrom',
  'validUntil',
] as const;
export type WinterField = (typeof winterFields)[number];
export type WinterFormErrors = FormErrors<WinterField>;

export interface WinterValues {
  frontageMetres: string;
  clearPath: boolean;
  roofFall: boolean;
  readyFrom: string;
  readyBy: string;
  thresholdCm: string;
  accessNotes: string;
  validFrom: string;
  validUntil: string;
}

export const emptyWinterValues: WinterValues = {
  frontageMetres: '',
  clearPath: false,
  roofFall: false,
  readyFrom: '07:00',
  readyBy: '10:00',
  thresholdCm: '10',
  accessNotes: '',
  validFrom: '',
  validUntil: '',
};

/** Half-hour choices for the morning window, 05:00 to 14:00. */
export const morningTimes: readonly string[] = Array.from({ length: 19 }, (_, index) => {
  const minutes = 5 * 60 + index * 30;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${minutes % 60 === 0 ? '00' : '30'}`;
});
