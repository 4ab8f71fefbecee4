/** The coordinator's resident record form: field names, values, and values from a record. */
import type { ResidentRecord } from '@sasaeai/contracts';
import type { FormErrors } from './forms.ts';

export const residentFields = [
  'fullName',
  'fullNameKana',
  'phone',
  'address',
  'emergencyName',
  'emergencyRelation',
  'emergencyPhone',
  'dataUseConsent',
  'shareConsent',
] as const;
export type ResidentField = (typeof residentFields)[number];
export type ResidentFormErrors = FormErrors<ResidentField>;

export interface ResidentFormValues {
  fullName: string;
  fullNameKana: string;
  phone: string;
  address: string;
  emergencyName: string;
  emergencyRelation: string;
  emergencyPhone: string;
  dataUseConsent: boolean;
  shareConsent: boolean;
}

export function valuesFromRecord(record: ResidentRecord): ResidentFormValues {
  return {
    fullName: record.fullName,
    fullNameKana: record.fullNameKana ?? '',
    phone: record.phone ?? '',
    address: record.address ?? '',
    emergencyName: record.emergencyContact?.name ?? '',
    emergencyRelation: record.emergencyContact?.relation ?? '',
    emergencyPhone: record.emergencyContact?.phone ?? '',
    dataUseConsent: record.dataUseConsent !== null,
    shareConsent: record.shareConsent !== null,
  };
}

/** The API's nested paths on the form's flat inputs. */
export const residentApiFields: Readonly<Record<string, string>> = {
  'emergencyContact.name': 'emergencyName',
  'emergencyContact.relation': 'emergencyRelation',
  'emergencyContact.phone': 'emergencyPhone',
  emergencyContact: 'emergencyName',
};

/** The PATCH body: every field as shown (the API writes only what differs). */
export function residentBody(values: ResidentFormValues) {
  const emergency = [values.emergencyName, values.emergencyRelation, values.emergencyPhone];
  return {
    fullName: values.fullName,
    fullNameKana: values.fullNameKana === '' ? null : values.fullNameKana,
    phone: values.phone === '' ? null : values.phone,
    address: values.address,
    emergencyContact: emergency.every((v) => v === '')
      ? null
      : {
          name: values.emergencyName,
          ...(values.emergencyRelation ? { relation: values.emergencyRelation } : {}),
          ...(values.emergencyPhone ? { phone: values.emergencyPhone } : {}),
        },
    dataUseConsent: values.dataUseConsent,
    shareConsent: values.shareConsent,
  };
}
