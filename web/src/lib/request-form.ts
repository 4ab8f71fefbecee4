/**
 * The help-request form's fields, shared by the resident's form (/requests/new), the
 * coordinator's phone intake (/coordinator/requests/new) and their actions.
 */
import type { FormErrors } from './forms.ts';

export const requestFields = [
  'category',
  'whenKind',
  'date',
  'from',
  'to',
  'whereKind',
  'address',
  'peopleNeeded',
  'urgency',
  'notes',
  'sensitiveNotes',
  'sensitiveConsent',
] as const;
export type RequestField = (typeof requestFields)[number];

/** The resident who phoned (proxy intake), asked before the request itself. */
export const proxyFields = [
  'fullName',
  'fullNameKana',
  'phone',
  'residentAddress',
  'consentByPhone',
] as const;
export type ProxyField = (typeof proxyFields)[number];

export interface RequestFormValues {
  category: string;
  whenKind: string;
  date: string;
  from: string;
  to: string;
  whereKind: string;
  address: string;
  peopleNeeded: string;
  urgency: string;
  notes: string;
  sensitiveNotes: string;
  sensitiveConsent: boolean;
}

export interface ProxyFormValues {
  fullName: string;
  fullNameKana: string;
  phone: string;
  residentAddress: string;
  consentByPhone: boolean;
}

/** Nothing chosen for the radios: a person picks each answer themselves. */
export const emptyRequestValues: RequestFormValues = {
  category: '',
  whenKind: '',
  date: '',
  from: '09:00',
  to: '12:00',
  whereKind: '',
  address: '',
  peopleNeeded: '1',
  urgency: 'normal',
  notes: '',
  sensitiveNotes: '',
  sensitiveConsent: false,
};

export const emptyProxyValues: ProxyFormValues = {
  fullName: '',
  fullNameKana: '',
  phone: '',
  residentAddress: '',
  consentByPhone: false,
};

/** Where the error summary links for a choice group: its first option. */
export const requestFieldIds: Partial<Record<RequestField | ProxyField, string>> = {
  category: 'category-snow',
  whenKind: 'whenKind-asap',
  whereKind: 'whereKind-profile',
  urgency: 'urgency-low',
};

export type RequestFormErrors = FormErrors<RequestField | ProxyField>;
