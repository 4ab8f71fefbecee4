import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { users, volunteerCentres } from '@sasaeai/db/schema';
import { createTestApp, logInAs, makeUser, request, type TestApp } from './helper.ts';
import { districtIdOf, makeResident, makeVolunteer } from './help-loop-fixtures.ts';
import { completedTask } from './volunteer-records-fixtures.ts';

/** The activity certificate as a PDF: Japanese text embedded (a font subset) and readable back. */
let t: TestApp;
let groupId: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({}, 'certificate');
  const chuo = await districtIdOf(t.database, 'chuo');
  await t.database.db.insert(volunteerCentres).values({
    districtId: chuo,
    name: '中央地区ボランティアセンター',
    nameEn: 'Chuo District Volunteer Centre',
    status: 'open',
    phone: '0166-00-1001',
  });
  const resident = await makeResident(t.database);
  const volunteer = await makeVolunteer(t.database);
  await t.database.db
    .update(users)
    .set({ displayName: '雪かき 優子' })
    .where(eq(users.id, volunteer.id));
  cookies.volunteer = await logInAs(t.app, volunteer.email);
  const group = await makeVolunteer(t.database, 'chuo', { kind: 'group', headcount: 3 });
  groupId = group.id;
  const coordinator = await makeUser(t.database, {
    roles: [{ role: 'coordinator', district: 'chuo' }],
  });
  cookies.chuo = await logInAs(t.app, coordinator.email);
  const task = { residentId: resident.id, districtId: chuo, windowMinutes: 120 };
  for (const start of ['2026-05-10T09:00:00', '2026-06-10T09:00:00']) {
    await completedTask(t.database, { ...task, volunteerId: volunteer.id, start, minutes: 75 });
    await completedTask(t.database, {
      ...task,
      volunteerId: groupId,
      start,
      minutes: 60,
      exclusive: false,
    });
  }
});
afterAll(async () => {
  await t.close();
});

async function pdfText(who: string, url: string) {
  const started = performance.now();
  const response = await request(t.app, { method: 'GET', url, cookie: cookies[who] });
  const milliseconds = performance.now() - started;
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  expect(response.headers['content-disposition']).toBe(
    'attachment; filename="certificate-2026.pdf"',
  );
  const bytes = new Uint8Array(response.rawPayload);
  const size = bytes.byteLength; // pdf.js takes the buffer over (detaches it)
  expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return { text: text.replace(/\s+/g, ''), size, milliseconds };
}

describe('the certificate PDF', () => {
  it('carries the volunteer’s name, the year’s hours and the centre, in a small file', async () => {
    const { text, size, milliseconds } = await pdfText(
      'volunteer',
      '/api/me/volunteer/certificate.pdf?fy=2026',
    );
    expect(text).toContain('活動証明書');
    expect(text).toContain('雪かき優子様');
    expect(text).toContain('2回');
    expect(text).toContain('2.5時間');
    expect(text).toContain('中央地区ボランティアセンター');
    expect(text).toContain('0166-00-1001');
    expect(text).not.toContain('延べ活動時間');
    // The font is a subset of Noto Sans JP, not the whole 5 MB face.
    expect(size).toBeLessThan(100_000);
    console.info(`certificate.pdf: ${size} bytes in ${milliseconds.toFixed(0)} ms`);
  });

  it('gives a group’s person-hours when a coordinator issues it', async () => {
    const { text, size, milliseconds } = await pdfText(
      'chuo',
      `/api/volunteers/${groupId}/certificate.pdf?fy=2026`,
    );
    console.info(`certificate.pdf (again): ${size} bytes in ${milliseconds.toFixed(0)} ms`);
    expect(text).toContain('永山3条町内会除雪隊様');
    expect(text).toContain('2時間');
    expect(text).toContain('延べ活動時間6時間（3名）');
  });
});
