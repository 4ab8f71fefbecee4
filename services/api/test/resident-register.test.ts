import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, residentProfiles } from '@sasaeai/db/schema';
import type { ResidentPage } from '@sasaeai/contracts';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { districtIdOf, makeResident, NAGAYAMA_ADDRESS } from './help-loop-fixtures.ts';
import { makePhonedIn } from './resident-register-fixtures.ts';

let t: TestApp;
let chuoCookie = '';
let nagayamaCookie = '';
let hanako = '';
let nagayamaResident = '';

beforeAll(async () => {
  t = await createTestApp({}, 'resident_register');
  const chuo = await makeUser(t.database, { roles: [{ role: 'coordinator', district: 'chuo' }] });
  const nagayama = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'nagayama' }],
  });
  chuoCookie = await logInAs(t.app, chuo.email);
  nagayamaCookie = await logInAs(t.app, nagayama.email);
  hanako = await makePhonedIn(t.database, {
    fullName: '山田 花子',
    fullNameKana: 'ヤマダ ハナコ',
    phone: '0166-23-4567',
    address: '旭川市5条通9丁目3-12',
  });
  await makePhonedIn(t.database, {
    fullName: '佐藤 一郎',
    fullNameKana: 'さとう いちろう',
    phone: '0166-98-7654',
    address: '旭川市6条通10丁目1-1',
  });
  nagayamaResident = await makePhonedIn(t.database, {
    fullName: '山田 太郎',
    fullNameKana: 'やまだ たろう',
    phone: '0166-23-4567',
    address: NAGAYAMA_ADDRESS,
    code: 'nagayama',
  });
});
afterAll(async () => {
  await t.close();
});

const get = (cookie: string, url: string) => request(t.app, { method: 'GET', url, cookie });
const patch = (cookie: string, id: string, payload: unknown) =>
  request(t.app, {
    method: 'PATCH',
    url: `/api/residents/${id}`,
    cookie,
    payload: payload as Record<string, unknown>,
  });

async function search(q: string, cookie = chuoCookie): Promise<string[]> {
  const answer = await get(cookie, `/api/residents?q=${encodeURIComponent(q)}`);
  expect(answer.statusCode).toBe(200);
  return (answer.json() as ResidentPage).residents.map((r) => r.fullName);
}

describe('the resident register', () => {
  it('lists only the districts’ residents, searched by name, kana, phone or address', async () => {
    const all = (await get(chuoCookie, '/api/residents')).json() as ResidentPage;
    expect(all.residents.map((r) => r.fullName)).toEqual(['佐藤 一郎', '山田 花子']);
    expect(all.total).toBe(2);
    expect(await search('山田')).toEqual(['山田 花子']);
    expect(await search('やまだはなこ')).toEqual(['山田 花子']);
    expect(await search('サトウ')).toEqual(['佐藤 一郎']);
    expect(await search('0166-98')).toEqual(['佐藤 一郎']);
    expect(await search('6条通10丁目')).toEqual(['佐藤 一郎']);
    expect(await search('%')).toEqual([]);
    expect(await search('やまだ', nagayamaCookie)).toEqual(['山田 太郎']);
  });

  it('pages, and refuses bad paging and search text with field errors', async () => {
    const second = (await get(chuoCookie, '/api/residents?page=2')).json() as ResidentPage;
    expect(second.residents).toEqual([]);
    for (const query of ['page=-1', 'page=1e308', 'page=abc', `q=${'あ'.repeat(81)}`, 'q=%00']) {
      const answer = await get(chuoCookie, `/api/residents?${query}`);
      expect(answer.statusCode, query).toBe(400);
      expect(answer.json().error.fields.length).toBeGreaterThan(0);
    }
  });

  it('suggests likely duplicates: same phone digits, same kana in any script or spacing, same name', async () => {
    const dupes = async (query: string) => {
      const answer = await get(chuoCookie, `/api/residents/duplicates?${query}`);
      expect(answer.statusCode, query).toBe(200);
      return answer.json().residents as { fullName: string; reasons: string[] }[];
    };
    // Same digits written differently; the nagayama namesake with that phone is not shown.
    expect(await dupes('phone=0166234567')).toEqual([
      expect.objectContaining({ fullName: '山田 花子', reasons: ['phone'] }),
    ]);
    expect(await dupes(`fullNameKana=${encodeURIComponent('やまだはなこ')}`)).toEqual([
      expect.objectContaining({ fullName: '山田 花子', reasons: ['kana'] }),
    ]);
    // Half-width katakana and an ideographic space.
    expect((await dupes(`fullNameKana=${encodeURIComponent('ﾔﾏﾀﾞ　ﾊﾅｺ')}`)).length).toBe(1);
    expect(await dupes(`fullName=${encodeURIComponent('山田花子')}&phone=0166-00-0000`)).toEqual([
      expect.objectContaining({ fullName: '山田 花子', reasons: ['name'] }),
    ]);
    expect(await dupes(`fullName=${encodeURIComponent('山田花子')}&except=${hanako}`)).toEqual([]);
    expect(await dupes(`fullNameKana=${encodeURIComponent('やまだ')}`)).toEqual([]);
    expect((await get(chuoCookie, '/api/residents/duplicates')).statusCode).toBe(400);
  });

  it('small and large kana are the same key', async () => {
    const id = await makePhonedIn(t.database, {
      fullName: '服部 譲',
      fullNameKana: 'はっとり ゆずる',
    });
    const answer = await get(
      chuoCookie,
      `/api/residents/duplicates?fullNameKana=${encodeURIComponent('ハツトリユズル')}`,
    );
    expect(answer.json().residents.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it('shows a resident of another district, or an unknown one, as not found', async () => {
    for (const url of [
      `/api/residents/${nagayamaResident}`,
      `/api/residents/${crypto.randomUUID()}`,
    ]) {
      expect((await get(chuoCookie, url)).statusCode).toBe(404);
    }
    expect((await patch(chuoCookie, nagayamaResident, { phone: '0166-11-1111' })).statusCode).toBe(
      404,
    );
    expect((await get(chuoCookie, '/api/residents/not-a-uuid')).statusCode).toBe(400);
  });

  it('is for coordinators and admins only', async () => {
    const resident = await makeResident(t.database);
    const cookie = await logInAs(t.app, resident.email);
    expect((await get(cookie, '/api/residents')).statusCode).toBe(403);
    expect((await get(cookie, `/api/residents/${hanako}`)).statusCode).toBe(403);
    expect((await request(t.app, { method: 'GET', url: '/api/residents' })).statusCode).toBe(401);
  });
});

describe('a coordinator edits a resident', () => {
  it('saves contact details, emergency contact and consents, audited with field names only', async () => {
    const answer = await patch(chuoCookie, hanako, {
      phone: '0166-23-9999',
      emergencyContact: { name: '山田 次郎', relation: '長男', phone: '090-1234-5678' },
      dataUseConsent: true,
      shareConsent: true,
    });
    expect(answer.statusCode).toBe(200);
    const resident = answer.json().resident;
    expect(resident).toMatchObject({
      phone: '0166-23-9999',
      emergencyContact: { name: '山田 次郎', relation: '長男', phone: '090-1234-5678' },
      dataUseConsent: { method: 'coordinator_recorded', byName: 'テスト 利用者' },
      shareConsent: { byName: 'テスト 利用者' },
    });
    // The same values again change nothing and write no second event.
    await patch(chuoCookie, hanako, { phone: '0166-23-9999', shareConsent: true });
    const moved = await patch(chuoCookie, hanako, {
      address: '旭川市4条通8丁目1-1',
      shareConsent: false,
    });
    expect(moved.json().resident.shareConsent).toBeNull();
    const audit = await t.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.subjectId, hanako), eq(auditEvents.action, 'resident.record_updated')),
      );
    expect(audit.map((a) => (a.details as { fields: string }).fields)).toEqual([
      'phone,emergencyContact,dataUseConsent,shareConsent',
      'address,shareConsent',
    ]);
    const text = JSON.stringify(audit);
    expect(text).not.toContain('9999');
    expect(text).not.toContain('次郎');
    expect(text).not.toContain('4条通');
  });

  it('refuses bad input with field errors in both languages, changing nothing', async () => {
    const before = await profileOf(hanako);
    const cases: [unknown, string][] = [
      [{ fullName: '山田\u0000花子' }, 'body.fullName'],
      [{ fullName: 'あ'.repeat(10_000) }, 'body.fullName'],
      [{ fullName: '\ud800' }, 'body.fullName'],
      [{ fullName: '' }, 'body.fullName'],
      [{ fullNameKana: 'ｶﾅ\u0007' }, 'body.fullNameKana'],
      [{ phone: 'call me' }, 'body.phone'],
      [{ phone: 1e308 }, 'body.phone'],
      [{ address: '札幌市中央区北1条西2丁目' }, 'body.address'],
      // Another district's address: the resident would leave the coordinator's register.
      [{ address: NAGAYAMA_ADDRESS }, 'body.address'],
      [{ emergencyContact: { relation: '長男' } }, 'body.emergencyContact.name'],
      [{ emergencyContact: { name: '次郎', phone: '123' } }, 'body.emergencyContact.phone'],
      [{ dataUseConsent: 'yes' }, 'body.dataUseConsent'],
      [{}, 'body.fullName'],
      [{ districtId: crypto.randomUUID() }, 'body'],
    ];
    for (const [payload, field] of cases) {
      const answer = await patch(chuoCookie, hanako, payload);
      expect(answer.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400);
      const fields = (answer.json().error.fields ?? []) as {
        field: string;
        message: { ja: string; en: string };
      }[];
      expect(
        fields.some((f) => f.field.startsWith(field)),
        `${JSON.stringify(payload).slice(0, 60)} → ${JSON.stringify(fields)}`,
      ).toBe(true);
      for (const f of fields) expect(f.message.ja && f.message.en).toBeTruthy();
    }
    // A body past the server's limit is refused before it is read.
    expect((await patch(chuoCookie, hanako, { fullName: 'あ'.repeat(1_000_000) })).statusCode).toBe(
      413,
    );
    const after = await profileOf(hanako);
    expect(after).toEqual(before);
  });

  it('stores odd but valid Unicode as typed (NFC), and lets a district move within the coordinator’s districts', async () => {
    const both = await makeUser(t.database, {
      roles: [
        { role: 'coordinator', district: 'chuo' },
        { role: 'coordinator', district: 'nagayama' },
      ],
    });
    const cookie = await logInAs(t.app, both.email);
    const id = await makePhonedIn(t.database, { fullName: '髙橋 はな' });
    const answer = await patch(cookie, id, {
      fullName: '𠮷田 か\u3099ん 👵',
      address: NAGAYAMA_ADDRESS,
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().resident).toMatchObject({
      fullName: '𠮷田 がん 👵',
      district: { code: 'nagayama' },
    });
    expect((await profileOf(id)).districtId).toBe(await districtIdOf(t.database, 'nagayama'));
  });
});

async function profileOf(userId: string) {
  const [row] = await t.database.db
    .select()
    .from(residentProfiles)
    .where(eq(residentProfiles.userId, userId));
  return row!;
}
