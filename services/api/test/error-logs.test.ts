import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, request, type TestApp } from './helper.ts';
import { acceptedMatch, helpLoopCast, type HelpLoopCast } from './match-fixtures.ts';
import { tomorrowJst } from './help-loop-fixtures.ts';

let t: TestApp;
let cast: HelpLoopCast;
const lines: string[] = [];
const logs = () => lines.join('');

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  t = await createTestApp({ LOG_LEVEL: 'info' }, 'error-logs', undefined, stream);
  cast = await helpLoopCast(t.app, t.database);
});
afterAll(async () => {
  await t.close();
});

/** Makes every new row of `table` fail in the database itself, as a real fault would. */
async function refuseRowsOf(table: string, run: () => Promise<void>) {
  const constraint = `test_refuses_${table}`;
  await t.database.db.execute(
    sql.raw(`alter table ${table} add constraint ${constraint} check (false) not valid`),
  );
  try {
    lines.length = 0;
    await run();
    // The fault is logged, by its constraint, so it can still be diagnosed.
    expect(logs()).toContain(constraint);
  } finally {
    await t.database.db.execute(sql.raw(`alter table ${table} drop constraint ${constraint}`));
  }
}

function expectNoneLogged(values: string[]) {
  const text = logs();
  for (const value of values) expect(text).not.toContain(value);
  // Nor the query those values were bound to.
  expect(text).not.toMatch(/insert into|params:/i);
}

describe('a database error logs its code and constraint, never the values of the query', () => {
  it('sign-up: no email, name, password or password hash', async () => {
    await refuseRowsOf('users', async () => {
      const response = await request(t.app, {
        method: 'POST',
        url: '/api/auth/signup',
        payload: {
          email: 'hanako.secret@example.test',
          password: 'a very secret passphrase',
          displayName: '秘密 花子',
          roles: ['resident'],
          privacyConsent: true,
        },
      });
      expect(response.statusCode).toBe(500);
      expectNoneLogged([
        'hanako.secret@example.test',
        'a very secret passphrase',
        '秘密 花子',
        '$argon2id',
      ]);
    });
  });

  it('a request taken by phone: no name, address, phone, notes or health note', async () => {
    await refuseRowsOf('help_requests', async () => {
      const response = await request(t.app, {
        method: 'POST',
        url: '/api/help-requests',
        cookie: cast.coordinator,
        payload: {
          category: 'snow',
          when: { kind: 'window', date: tomorrowJst(), from: '08:00', to: '11:00' },
          where: { kind: 'profile' },
          notes: '裏口の鍵は植木鉢の下',
          sensitiveNotes: '心臓に持病があります',
          sensitiveConsent: true,
          onBehalfOf: {
            kind: 'new',
            fullName: '北門 一郎',
            fullNameKana: 'ホクモン イチロウ',
            phone: '0166-55-9876',
            address: '旭川市6条通8丁目2-15',
            consentByPhone: true,
          },
        },
      });
      expect(response.statusCode).toBe(500);
      expectNoneLogged([
        '裏口の鍵',
        '心臓に持病',
        '北門 一郎',
        'ホクモン',
        '0166-55-9876',
        '6条通8丁目',
      ]);
    });
  });

  it('a completion with a worry: no wellbeing note', async () => {
    const { matchId, volunteer } = await acceptedMatch(t.app, t.database, cast);
    await refuseRowsOf('concerns', async () => {
      const response = await request(t.app, {
        method: 'POST',
        url: `/api/matches/${matchId}/complete`,
        cookie: volunteer,
        payload: { minutesSpent: 30, wellbeingNote: '物忘れがひどくなった様子', concern: true },
      });
      expect(response.statusCode).toBe(500);
      expectNoneLogged(['物忘れがひどく']);
    });
  });
});

describe('personal data under a well-known key is redacted wherever it is logged', () => {
  it('redacts an address, a phone and an email one and two levels down', () => {
    lines.length = 0;
    t.app.log.info(
      {
        resident: { address: '旭川市6条通8丁目2-15', phone: '0166-55-9876' },
        user: { profile: { email: 'hanako.secret@example.test' } },
      },
      'diagnostic',
    );
    expect(logs()).toContain('diagnostic');
    expectNoneLogged(['6条通8丁目', '0166-55-9876', 'hanako.secret@example.test']);
  });
});
