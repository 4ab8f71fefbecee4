/**
 * The web app's small pure helpers, tested without a browser: cookie relaying, safe redirects,
 * language negotiation, API field-error mapping and the dictionaries.
 */
import { describe, expect, test } from 'vitest';
import { en } from '../src/lib/i18n/en.ts';
import { ja } from '../src/lib/i18n/ja.ts';
import { localeFromAcceptLanguage, resolveLocale, t } from '../src/lib/i18n/index.ts';
import { summaryItems } from '../src/lib/forms.ts';
import {
  fieldFromApiPath,
  formErrorsFromApi,
  remapApiFields,
} from '../src/lib/server/form-errors.ts';
import { clockWords } from '../src/lib/clock.ts';
import {
  cellsOf,
  clockLabel,
  dayParts,
  formatDateTimeWithYear,
  formatTime,
  formatWhen,
  slotsOf,
} from '../src/lib/help.ts';
import { paperTimes } from '../src/lib/paper.ts';
import { isWaiting, minutesWaited, waitedWords } from '../src/lib/waiting.ts';

const hm = (time: string) => time.split(':').map(Number) as [number, number];
import { japanClock, japanDate, japanFiscalYear, japanMonth } from '../src/lib/japan-time.ts';
import { safeRedirectTarget } from '../src/lib/server/redirect.ts';
import { isDeletion, parseSetCookie } from '../src/lib/server/set-cookie.ts';

describe('parseSetCookie', () => {
  test('reads the session cookie the API sets', () => {
    const cookie = parseSetCookie(
      'sasaeai_session=abc.def; Path=/; Expires=Sun, 27 Dec 2026 00:01:06 GMT; HttpOnly; SameSite=Lax',
    );
    expect(cookie).toEqual({
      name: 'sasaeai_session',
      value: 'abc.def',
      path: '/',
      expires: new Date('2026-12-27T00:01:06Z'),
      httpOnly: true,
      secure: false,
      sameSite: 'lax',
    });
  });

  test('reads the production __Host- cookie with Secure and Max-Age', () => {
    const cookie = parseSetCookie(
      '__Host-sasaeai_session=x; Max-Age=600; Secure; HttpOnly; Path=/',
    );
    expect(cookie).toMatchObject({ name: '__Host-sasaeai_session', maxAge: 600, secure: true });
  });

  test('recognises a clearing header', () => {
    const cleared = parseSetCookie(
      'sasaeai_session=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly',
    );
    expect(cleared && isDeletion(cleared)).toBe(true);
    const live = parseSetCookie('sasaeai_session=v; Max-Age=60');
    expect(live && isDeletion(live)).toBe(false);
  });

  test('rejects nonsense', () => {
    expect(parseSetCookie('no equals sign')).toBeNull();
    expect(parseSetCookie('=value')).toBeNull();
    expect(parseSetCookie('bad name=value')).toBeNull();
  });
});

describe('safeRedirectTarget', () => {
  const origin = 'http://sasaeai.test';
  test.each([
    ['/account/password', '/account/password'],
    ['/?x=1#top', '/?x=1#top'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/api/auth/logout', '/'],
    ['/ok\nSet-Cookie: x', '/'],
    ['', '/'],
    [null, '/'],
  ])('%j → %j', (input, expected) => {
    expect(safeRedirectTarget(input, origin)).toBe(expected);
  });
});

describe('language', () => {
  test('cookie, then Accept-Language by quality, then Japanese', () => {
    expect(resolveLocale('en', 'ja')).toBe('en');
    expect(resolveLocale('fr', 'en-GB,ja;q=0.5')).toBe('en');
    expect(resolveLocale(undefined, 'fr-FR, ja;q=0.3, en;q=0.8')).toBe('en');
    expect(resolveLocale(undefined, 'ko, zh-CN')).toBe('ja');
    expect(resolveLocale(undefined, null)).toBe('ja');
    expect(localeFromAcceptLanguage('en;q=0, ja')).toBe('ja');
  });

  test('both dictionaries have the same keys, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
    for (const value of [...Object.values(ja), ...Object.values(en)]) expect(value).not.toBe('');
  });

  test('fills placeholders', () => {
    expect(t('ja', 'home.hello', { name: '花子' })).toBe('花子さん、こんにちは');
    expect(t('en', 'login.rateLimited', { minutes: 15 })).toContain('about 15 minutes');
  });
});

describe('API field errors onto a form', () => {
  const message = (s: string) => ({ ja: `${s}（ja）`, en: `${s} (en)` });

  test('maps body paths to inputs, first message wins, in the page language', () => {
    expect(fieldFromApiPath('body.email')).toBe('email');
    expect(fieldFromApiPath('body.roles.0')).toBe('roles');
    expect(fieldFromApiPath('query.limit')).toBeNull();

    const errors = formErrorsFromApi(
      {
        code: 'validation_failed',
        message: message('invalid'),
        fields: [
          { field: 'body.email', message: message('email') },
          { field: 'body.email', message: message('email again') },
          { field: 'body.roles.1', message: message('role') },
        ],
      },
      'en',
      ['email', 'password', 'roles'] as const,
    );
    expect(errors).toEqual({ summary: null, fields: { email: 'email (en)', roles: 'role (en)' } });
    expect(
      summaryItems(errors, ['email', 'password', 'roles'], { roles: 'role-resident' }),
    ).toEqual([
      { text: 'email (en)', target: 'email' },
      { text: 'role (en)', target: 'role-resident' },
    ]);
  });

  test('errors without a matching input go to the summary', () => {
    expect(
      formErrorsFromApi({ code: 'conflict', message: message('taken') }, 'ja', ['email'] as const),
    ).toEqual({ summary: 'taken（ja）', fields: {} });
    expect(
      formErrorsFromApi(
        {
          code: 'validation_failed',
          message: message('invalid'),
          fields: [{ field: 'body.unknown', message: message('odd') }],
        },
        'ja',
        ['email'] as const,
      ),
    ).toEqual({ summary: 'odd（ja）', fields: {} });
  });
});

describe('nested API field errors onto flat inputs', () => {
  const message = (text: string) => ({ ja: `${text}（ja）`, en: `${text} (en)` });
  test('the longest listed path wins; other paths stay as they are', () => {
    const remapped = remapApiFields(
      {
        code: 'validation_failed',
        message: message('invalid'),
        fields: [
          { field: 'body.when.to', message: message('order') },
          { field: 'body.where', message: message('where') },
          { field: 'body.notes', message: message('long') },
          { field: 'query.limit', message: message('limit') },
        ],
      },
      { 'when.to': 'to', when: 'whenKind', where: 'whereKind' },
    );
    expect(remapped.fields?.map((f) => f.field)).toEqual([
      'body.to',
      'body.whereKind',
      'body.notes',
      'query.limit',
    ]);
    expect(formErrorsFromApi(remapped, 'ja', ['to', 'whereKind', 'notes'] as const).fields).toEqual(
      { to: 'order（ja）', whereKind: 'where（ja）', notes: 'long（ja）' },
    );
  });
});

describe('the help loop in words', () => {
  test('a request window in Japan time, in both languages', () => {
    const request = {
      asSoonAsPossible: false,
      windowStart: '2026-01-14T23:00:00.000Z',
      windowEnd: '2026-01-15T02:00:00.000Z',
    };
    expect(formatWhen('ja', request)).toBe('1月15日(木) 午前8時から 午前11時まで');
    expect(formatWhen('en', request)).toBe('Thu 15 January, 8:00 am to 11:00 am');
    expect(formatWhen('ja', { ...request, asSoonAsPossible: true })).toBe('できるだけ 早く');
    expect(['08:00', '12:00', '13:00'].map((time) => clockLabel('ja', time))).toEqual([
      '午前8時',
      '正午',
      '午後1時',
    ]);
  });

  test('one clock rule: 午前/午後 with 0–11 and 正午, never 午後12:00 or 午前12:00', () => {
    const at = (hhmm: string) => {
      // The instant of hh:mm on 2026-01-15 in Japan (UTC+9).
      const [h, m] = hhmm.split(':').map(Number) as [number, number];
      return new Date(Date.UTC(2026, 0, 15, h - 9, m)).toISOString();
    };
    const times = ['00:00', '00:30', '08:05', '11:59', '12:00', '12:30', '13:00', '23:45'];
    expect(times.map((time) => clockWords('ja', ...hm(time)))).toEqual([
      '午前0時',
      '午前0時30分',
      '午前8時5分',
      '午前11時59分',
      '正午',
      '午後0時30分',
      '午後1時',
      '午後11時45分',
    ]);
    expect(times.map((time) => clockWords('en', ...hm(time)))).toEqual([
      'midnight',
      '12:30 am',
      '8:05 am',
      '11:59 am',
      'noon',
      '12:30 pm',
      '1:00 pm',
      '11:45 pm',
    ]);
    // Every page's formatter goes through the same rule.
    expect(times.map((time) => formatTime('ja', at(time)))).toEqual(
      times.map((time) => clockWords('ja', ...hm(time))),
    );
    expect(times.map((time) => clockLabel('en', time))).toEqual(
      times.map((time) => clockWords('en', ...hm(time))),
    );
    expect(paperTimes(at('12:00'), at('13:00'))).toBe('正午から 午後1時まで');
    expect(formatDateTimeWithYear('ja', at('12:00'))).toBe('2026年1月15日 正午');
    expect(formatDateTimeWithYear('en', at('00:00'))).toBe('15 January 2026, midnight');
    for (const locale of ['ja', 'en'] as const) {
      for (let hour = 0; hour < 24; hour += 1) {
        expect(clockWords(locale, hour, 0)).not.toMatch(/午[前後]12|^0:|12:00/);
      }
    }
    // Out-of-range input stays a time of day; an unreadable instant comes back as it was.
    expect(clockWords('ja', 36, 99)).toBe('午後0時59分');
    expect(formatTime('ja', 'not a date')).toBe('not a date');
  });

  test('the week grid and weekly slots convert both ways, joining neighbouring parts', () => {
    const slots = slotsOf(new Set(['6-morning', '6-afternoon', '0-evening', '1-morning']));
    expect(slots).toEqual([
      { weekday: 0, from: '17:00', to: '21:00' },
      { weekday: 1, from: '08:00', to: '12:00' },
      { weekday: 6, from: '08:00', to: '17:00' },
    ]);
    expect([...cellsOf(slots)].sort()).toEqual([
      '0-evening',
      '1-morning',
      '6-afternoon',
      '6-morning',
    ]);
    // An all-day slot (as the seed stores it) ticks the whole day.
    expect([...cellsOf([{ weekday: 3, from: '00:00', to: '24:00' }])].sort()).toEqual([
      '3-afternoon',
      '3-early',
      '3-evening',
      '3-morning',
    ]);
  });

  test('the week grid starts at 06:00, so early snow mornings can be offered', () => {
    expect(dayParts[0]).toMatchObject({ id: 'early', from: '06:00', to: '08:00' });
    expect(slotsOf(new Set(['2-early', '2-morning', '4-early']))).toEqual([
      { weekday: 2, from: '06:00', to: '12:00' },
      { weekday: 4, from: '06:00', to: '08:00' },
    ]);
    // A volunteer who helps from 08:00 does not tick early mornings by accident.
    expect([...cellsOf([{ weekday: 5, from: '08:00', to: '12:00' }])]).toEqual(['5-morning']);
  });
});

describe('Japan time on the pages', () => {
  test('reads the date, month, clock and fiscal year in Asia/Tokyo, whatever the host zone', () => {
    const lastMinute = new Date('2026-03-31T14:59:00Z');
    const firstMinute = new Date('2026-03-31T15:00:00Z');
    expect(japanDate(lastMinute)).toBe('2026-03-31');
    expect(japanDate(firstMinute)).toBe('2026-04-01');
    expect(japanMonth(firstMinute)).toBe('2026-04');
    expect(japanClock(lastMinute)).toBe('23:59');
    expect(japanClock(firstMinute)).toBe('00:00');
    expect(japanClock(new Date('2026-12-03T03:00:00Z'))).toBe('12:00');
    expect(japanFiscalYear(lastMinute)).toBe(2025);
    expect(japanFiscalYear(firstMinute)).toBe(2026);
  });
});

describe('honest waiting in words', () => {
  test('how long a request has waited, in both languages', () => {
    const cases = [0, 1, 59, 60, 70, 200, 1440, 1500, 2 * 1440 + 180];
    expect(cases.map((m) => waitedWords('ja', m))).toEqual([
      '0分',
      '1分',
      '59分',
      '1時間',
      '1時間10分',
      '3時間20分',
      '1日',
      '1日と1時間',
      '2日と3時間',
    ]);
    expect(cases.map((m) => waitedWords('en', m))).toEqual([
      '0 minutes',
      '1 minute',
      '59 minutes',
      '1 hour',
      '1 hour 10 minutes',
      '3 hours 20 minutes',
      '1 day',
      '1 day 1 hour',
      '2 days 3 hours',
    ]);
    // Nonsense stays a sensible phrase.
    expect(waitedWords('ja', -5)).toBe('0分');
    expect(waitedWords('en', Number.NaN)).toBe('0 minutes');
    expect(waitedWords('en', Number.POSITIVE_INFINITY)).toBe('0 minutes');
  });

  test('minutes since an instant; only open, matching and unmatched requests wait', () => {
    const now = Date.parse('2026-01-15T10:00:00Z');
    expect(minutesWaited('2026-01-15T08:49:30Z', now)).toBe(70);
    expect(minutesWaited('2026-01-15T11:00:00Z', now)).toBe(0);
    expect(minutesWaited('not a date', now)).toBe(0);
    expect(
      ['open', 'matching', 'unmatched', 'proposed', 'done'].map((s) => isWaiting(s as never)),
    ).toEqual([true, true, true, false, false]);
  });
});
