import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Proves the benchmark works end to end (no performance thresholds: figures are reported, not
 * asserted). What is asserted is correctness under the surge: no double booking, no request
 * with more live helpers than it needs, every request accepted by the API, and no notification
 * lost with the worker killed mid-storm.
 */
describe('pnpm bench --quick', () => {
  it('runs a small storm on the real stack and writes a complete report', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@sasaeai/source',
        '--import',
        'tsx',
        'tests/bench/snowstorm/run.ts',
        '--quick',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    const file = /written (bench\/results\/\S+\.json)/.exec(output)?.[1];
    expect(file, output).toBeTruthy();
    const report = JSON.parse(readFileSync(`${root}/${file!}`, 'utf8'));
    expect(report.mode).toBe('quick');
    expect(report.api.accepted).toBe(report.plan.requests);
    expect(report.outcome.requests).toBe(report.plan.requests);
    expect(report.outcome.doubleBookings).toBe(0);
    expect(report.outcome.requestsOverFilled).toBe(0);
    expect(report.outcome.matchedShare).toBeGreaterThan(0);
    // Every offer and digest reached the SMTP server, with the worker killed mid-storm.
    const mail = report.notifications;
    expect(mail.workerKilled.atSeconds).toBeGreaterThan(0);
    expect(mail.expectedOffers).toBeGreaterThan(0);
    expect(mail.expectedDigests).toBeGreaterThan(0);
    expect(mail.lost).toBe(0);
    expect(mail.late).toBe(0);
    expect(mail.stillQueued).toBe(0);
    expect(mail.unknownMails).toBe(0);
    expect(mail.received).toBeGreaterThanOrEqual(mail.expected);
    // A mail can be accepted twice only when the kill cut its send between the server's 250
    // and the row being marked sent; the row was then taken again after its lease.
    expect(mail.duplicatesFromRetakenRows).toBe(mail.duplicatedRows);
    expect(mail.smtpCeiling.pooledPerSecond).toBeGreaterThan(0);
    for (const ceiling of ['bareHttp', 'bareFastify', 'rawInsert'] as const) {
      expect(report.ceilings.before[ceiling].perSecond).toBeGreaterThan(0);
      expect(report.ceilings.after[ceiling].perSecond).toBeGreaterThan(0);
    }
  }, 300_000);
});
