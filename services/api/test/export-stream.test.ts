import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents } from '@sasaeai/db/schema';
import { csvStream } from '../src/use-cases/exports/csv.ts';
import { EXPORT_SLOTS } from '../src/use-cases/exports/export-slots.ts';
import { exportCsv } from '../src/use-cases/exports/run-export.ts';
import { AppError } from '../src/errors/app-error.ts';
import { loadSessionUser } from '../src/repositories/users-repository.ts';
import { createTestApp, makeUser, type TestApp } from './helper.ts';
import { seedCentre } from './centre-reports-fixtures.ts';

describe('csvStream', () => {
  it('stops reading its source when the download ends early', async () => {
    let produced = 0;
    let finished = false;
    const rows = (async function* () {
      try {
        for (;;) {
          produced += 1;
          yield [produced, '=1+1'];
        }
      } finally {
        finished = true;
      }
    })();
    const stream = csvStream(['n / N', 'x / X'], rows);
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    expect(first.toString('utf8')).toMatch(/^\uFEFF/);
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBe(true);
    const after = produced;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBe(after);
  });
});

describe('export slots', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, 'export-slots');
    await seedCentre(t.database);
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs two exports at once, tells a third to retry, and frees a slot when one is abandoned', async () => {
    const { id } = await makeUser(t.database, { roles: [{ role: 'admin' }] });
    const admin = (await loadSessionUser(t.database.db, id))!;
    const open = () => exportCsv(t.database.db, admin, { kind: 'requests', query: {} });
    const running = [];
    for (let i = 0; i < EXPORT_SLOTS; i += 1) running.push(await open());
    const refused = await open().then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('busy');
    expect((refused as AppError).retryAfterSeconds).toBe(60);

    // The client goes away: the stream is destroyed, its slot comes back, nothing is audited.
    running[0]!.stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = await open();
    const chunks: Buffer[] = [];
    for await (const chunk of next.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toContain('依頼ID / Request id');
    for await (const _chunk of running[1]!.stream) void _chunk;
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'export.downloaded'));
    expect(audits.length).toBe(2);
    // Every slot is free again.
    const again = await Promise.all(Array.from({ length: EXPORT_SLOTS }, open));
    for (const { stream } of again) stream.destroy();
  });
});
