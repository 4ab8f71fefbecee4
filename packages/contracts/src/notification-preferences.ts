import { z } from 'zod';
import { Email } from './auth.ts';
import { NotificationChannel } from './notifications.ts';
import { freeText } from './text.ts';

/** The order a person's channels are tried in when they have said nothing. */
export const defaultChannelOrder = ['email', 'sms', 'line', 'phone_call'] as const;

/**
 * A mobile number for SMS, as typed: Japanese `090-1234-5678`, `09012345678` or international
 * `+81 90 1234 5678`. Stored as E.164 (`+819012345678`). Only mobile prefixes (070/080/090)
 * take SMS in Japan; another country's number must be written with its `+` code.
 */
export function normalisePhoneForSms(input: string): string | undefined {
  const compact = input.normalize('NFKC').replace(/[\s\-().]/g, '');
  if (/^0[789]0\d{8}$/.test(compact)) return `+81${compact.slice(1)}`;
  if (/^\+810?[789]0\d{8}$/.test(compact)) return `+81${compact.replace(/^\+810?/, '')}`;
  if (/^\+81/.test(compact)) return undefined;
  if (/^\+[1-9]\d{7,14}$/.test(compact)) return compact;
  return undefined;
}

export const SmsPhone = z
  .string()
  .max(40, { error: '電話番号が 長すぎます / The phone number is too long' })
  .transform((value, context) => {
    const normalised = normalisePhoneForSms(value);
    if (!normalised) {
      context.addIssue({
        code: 'custom',
        message:
          '携帯電話の 番号（090-1234-5678 や +81 90 1234 5678）を 入れてください / Enter a mobile number such as 090-1234-5678 or +81 90 1234 5678',
      });
      return z.NEVER;
    }
    return normalised;
  });

/** An hour of the day in Japan (0–23). */
export const HourOfDay = z.number().int().min(0).max(23);

export const proxyRelationships = ['family', 'minsei_iin', 'other'] as const;
export const ProxyRelationship = z.enum(proxyRelationships);
export type ProxyRelationship = z.infer<typeof ProxyRelationship>;

/**
 * A resident's proxy contact (family, 民生委員, other) who receives the resident's notices,
 * instead of the resident (`instead`) or as well. At least an e-mail address or an SMS number.
 */
export const ProxyContactInput = z
  .object({
    name: freeText({ min: 1, max: 100 }),
    relationship: ProxyRelationship,
    email: Email.nullable(),
    smsPhone: SmsPhone.nullable(),
    instead: z.boolean(),
  })
  .strict()
  .refine((proxy) => proxy.email !== null || proxy.smsPhone !== null, {
    path: ['email'],
    error:
      'メールアドレスか 携帯電話の 番号を 入れてください / Give an email address or a mobile number',
  });
export type ProxyContactInput = z.infer<typeof ProxyContactInput>;

/** What a person (or a coordinator for a phoned-in resident) says about how to be reached. */
export const NotificationPreferencesInput = z
  .object({
    /** First choice first; each channel at most once. Channels left out are not used. */
    channelOrder: z
      .array(NotificationChannel)
      .min(1)
      .max(4)
      .refine((order) => new Set(order).size === order.length, {
        error: '同じ 方法が 2回 あります / A channel is listed twice',
      }),
    /** Mobile number for SMS; null removes it. */
    smsPhone: SmsPhone.nullable(),
    language: z.enum(['ja', 'en']),
    /** No messages from `quietStartHour` until `quietEndHour` (Japan time); both null: none. */
    quietStartHour: HourOfDay.nullable(),
    quietEndHour: HourOfDay.nullable(),
    /** A resident's proxy contact; null removes it, absent leaves it as it is. */
    proxy: ProxyContactInput.nullable().optional(),
  })
  .strict()
  .refine((value) => (value.quietStartHour === null) === (value.quietEndHour === null), {
    path: ['quietEndHour'],
    error:
      '静かな 時間は 始まりと 終わりを 両方 入れてください / Give both ends of the quiet hours',
  });
export type NotificationPreferencesInput = z.infer<typeof NotificationPreferencesInput>;

export const NotificationPreferences = z.object({
  channelOrder: z.array(NotificationChannel),
  smsPhone: z.string().nullable(),
  language: z.enum(['ja', 'en']),
  quietStartHour: z.number().int().nullable(),
  quietEndHour: z.number().int().nullable(),
  /** Linked LINE account (the id itself is never shown). */
  lineLinked: z.boolean(),
  /** A code to send to the LINE bot to link this account, while one is open. */
  lineLinkCode: z.string().nullable(),
  lineLinkCodeExpiresAt: z.iso.datetime().nullable(),
  /** Whether the person is a resident (only a resident may have a proxy contact). */
  resident: z.boolean(),
  proxy: z
    .object({
      name: z.string(),
      relationship: ProxyRelationship,
      email: z.string().nullable(),
      smsPhone: z.string().nullable(),
      instead: z.boolean(),
    })
    .nullable(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const NotificationPreferencesResponse = z.object({ preferences: NotificationPreferences });
export type NotificationPreferencesResponse = z.infer<typeof NotificationPreferencesResponse>;
