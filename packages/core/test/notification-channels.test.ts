import { normalisePhoneForSms, NotificationPreferencesInput } from '@sasaeai/contracts';
import { describe, expect, it } from 'vitest';
import { channelOrder, quietHoursRelease } from '../src/notifications.ts';

/** A moment given in Japan time. */
const jst = (iso: string) => new Date(`${iso}+09:00`);

describe('channelOrder', () => {
  it('defaults to e-mail, SMS, LINE, then a call, using only what reaches the person', () => {
    expect(
      channelOrder({ hasEmail: true, hasSms: true, hasLine: true, audience: 'volunteer' }),
    ).toEqual(['email', 'sms', 'line', 'phone_call']);
    expect(channelOrder({ hasEmail: false, hasLine: true, audience: 'resident' })).toEqual([
      'line',
      'phone_call',
    ]);
    expect(channelOrder({ hasEmail: true, hasSms: true, audience: 'coordinator' })).toEqual([
      'email',
      'sms',
    ]);
  });

  it("follows the person's order, leaves out what they left out, but still phones a volunteer last", () => {
    expect(
      channelOrder({
        hasEmail: true,
        hasSms: true,
        hasLine: true,
        preferred: ['line', 'sms'],
        audience: 'volunteer',
      }),
    ).toEqual(['line', 'sms', 'phone_call']);
    expect(
      channelOrder({
        hasEmail: true,
        hasSms: false,
        preferred: ['sms', 'email'],
        audience: 'resident',
      }),
    ).toEqual(['email', 'phone_call']);
  });

  it('account mail goes by e-mail only', () => {
    expect(
      channelOrder({ hasEmail: true, hasSms: true, preferred: ['sms'], audience: 'account' }),
    ).toEqual(['email']);
    expect(channelOrder({ hasEmail: false, hasSms: true, audience: 'account' })).toEqual([]);
  });
});

describe('quietHoursRelease', () => {
  const night = { startHour: 21, endHour: 7 };
  it('lets a message go at once outside the quiet hours', () => {
    const noon = jst('2026-12-03T12:00:00');
    expect(quietHoursRelease(noon, night)).toEqual(noon);
    expect(quietHoursRelease(noon, { startHour: null, endHour: null })).toEqual(noon);
  });

  it('delays (never drops) a message at night until the quiet hours end', () => {
    expect(quietHoursRelease(jst('2026-12-03T23:30:00'), night)).toEqual(
      jst('2026-12-04T07:00:00'),
    );
    expect(quietHoursRelease(jst('2026-12-04T03:10:00'), night)).toEqual(
      jst('2026-12-04T07:00:00'),
    );
    expect(quietHoursRelease(jst('2026-12-04T13:00:00'), { startHour: 12, endHour: 14 })).toEqual(
      jst('2026-12-04T14:00:00'),
    );
  });

  it('a district that allows snow offers from 05:00 releases them then', () => {
    expect(quietHoursRelease(jst('2026-12-04T03:10:00'), night, 5)).toEqual(
      jst('2026-12-04T05:00:00'),
    );
    const fiveThirty = jst('2026-12-04T05:30:00');
    expect(quietHoursRelease(fiveThirty, night, 5)).toEqual(fiveThirty);
    // Quiet hours ending before 05:00 are not lengthened.
    expect(quietHoursRelease(jst('2026-12-04T02:00:00'), { startHour: 22, endHour: 4 }, 5)).toEqual(
      jst('2026-12-04T04:00:00'),
    );
  });
});

describe('notification preferences input', () => {
  it('stores Japanese and international mobile numbers as E.164', () => {
    expect(normalisePhoneForSms('090-1234-5678')).toBe('+819012345678');
    expect(normalisePhoneForSms('０８０ １２３４ ５６７８')).toBe('+818012345678');
    expect(normalisePhoneForSms('+81 70 1234 5678')).toBe('+817012345678');
    expect(normalisePhoneForSms('+44 7700 900123')).toBe('+447700900123');
  });

  it('refuses landlines, junk and control characters', () => {
    expect(normalisePhoneForSms('0166-12-3456')).toBeUndefined();
    expect(normalisePhoneForSms('+81 166 12 3456')).toBeUndefined();
    expect(normalisePhoneForSms('call me')).toBeUndefined();
    expect(normalisePhoneForSms('090\u00001234\u00005678')).toBeUndefined();
  });

  it('names each bad field', () => {
    const parsed = NotificationPreferencesInput.safeParse({
      channelOrder: ['sms', 'sms', 'pigeon'],
      smsPhone: '12',
      language: 'fr',
      quietStartHour: 22,
      quietEndHour: null,
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['channelOrder.2', 'smsPhone', 'language']));
  });
});
