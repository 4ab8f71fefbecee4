/**
 * A district CSV as Excel saves it on Japanese Windows (Shift_JIS) is uploaded through the page
 * and imported with its names intact, with JavaScript on and off.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openPage, useBrowser, waitForEnhanced } from './browser.ts';
import { apiRequest, seedUser, sessionCookieFor, TEST_PASSWORD, useWebServer } from './server.ts';

const server = useWebServer();
const browser = useBrowser();

const shiftJisFile = fileURLToPath(
  new URL('../../services/api/test/fixtures/districts-shift-jis.csv', import.meta.url),
);

async function districtNames(): Promise<string[]> {
  const response = await apiRequest(server(), '/api/districts');
  const body = (await response.json()) as { districts: { name: string }[] };
  return body.districts.map((district) => district.name);
}

describe('district import from a file', () => {
  test.each([true, false])(
    'reads a Shift_JIS file without mojibake (JavaScript %s)',
    async (javaScriptEnabled) => {
      const council = await seedUser(server(), { roles: [{ role: 'council' }] });
      const cookie = await sessionCookieFor(server(), council.email, TEST_PASSWORD);
      const { page } = await openPage(browser(), {
        baseURL: server().url,
        javaScriptEnabled,
        cookies: [cookie],
      });
      await page.goto('/council/districts/import');
      if (javaScriptEnabled) await waitForEnhanced(page);
      await page.getByLabel('CSVファイル').setInputFiles(shiftJisFile);
      await page.getByRole('button', { name: '取り込む' }).click();
      await page.locator('.notice--success').waitFor();
      expect(await page.locator('.notice--success').textContent()).toContain(
        '2地区を 取り込みました',
      );
      const names = await districtNames();
      expect(names).toContain('中央（旭川駅前）');
      expect(names).toContain('髙砂台①');
      expect(names.join('')).not.toContain('\uFFFD');
    },
  );
});
