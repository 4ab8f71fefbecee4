import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@sasaeai/db/testing';
import { users } from '@sasaeai/db/schema';
import { createLogger, describeError } from '../src/logger.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('worker-logger');
});
afterAll(async () => {
  await database.drop();
});

it('logs a failed query by its code and table, never its parameters', async () => {
  const lines: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const failure = await database.db
    .insert(users)
    .values({
      email: 'hanako.secret@example.test',
      passwordHash: 'x',
      displayName: '秘密\u0000花子',
    })
    .then(
      () => null,
      (error: unknown) => error,
    );
  expect(failure).toBeInstanceOf(Error);
  logger.error({ err: failure }, 'as err');
  logger.error(describeError(failure), 'described');
  logger.info({ resident: { address: '旭川市6条通8丁目2-15', phone: '0166-55-9876' } }, 'nested');
  const text = lines.join('');
  expect(text).toContain('22021');
  for (const value of [
    'hanako.secret@example.test',
    '秘密',
    '6条通8丁目',
    '0166-55-9876',
    'insert into',
  ]) {
    expect(text).not.toContain(value);
  }
});
