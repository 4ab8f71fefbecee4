import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { FaultResult } from './report.ts';

// A cluster of its own, migrations, three faults, settling and a restore drill on a busy 2-core machine.
vi.setConfig({ testTimeout: 600_000 });

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * CI's share of `pnpm test:faults`: a short burst through three of the faults (Redis down, the
 * worker killed with SIGKILL, PostgreSQL restarted with -m immediate — the one that used to crash
 * the worker), then the backup and restore drill. The full battery is `pnpm test:faults`.
 */
describe('pnpm test:faults --quick (a subset)', () => {
  it('loses, doubles and double-books nothing, and restores an identical copy', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@sasaeai/source',
        '--import',
        'tsx',
        'tests/faults/run.ts',
        '--quick',
        '--requests',
        '200',
        '--faults',
        'redis-down,worker-kill-9,postgres-restart',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const file = /written (bench\/results\/\S+\.json)/.exec(output)?.[1];
    expect(file, output).toBeTruthy();
    const report = JSON.parse(readFileSync(`${root}/${file!}`, 'utf8')) as {
      faults: FaultResult[];
      restoreDrill: { tables: number; rows: number; mismatches: unknown[] };
    };
    expect(report.faults.map((f) => f.fault)).toEqual([
      'redis-down',
      'worker-kill-9',
      'postgres-restart',
    ]);
    for (const fault of report.faults) {
      expect(fault.accepted, fault.fault).toBeGreaterThan(0);
      expect(
        {
          fault: fault.fault,
          lost: fault.lost,
          duplicate: fault.duplicate,
          doubleBooked: fault.doubleBooked,
          answers500: fault.answers500,
        },
        output,
      ).toEqual({ fault: fault.fault, lost: 0, duplicate: 0, doubleBooked: 0, answers500: 0 });
    }
    expect(report.restoreDrill.tables).toBeGreaterThan(10);
    expect(report.restoreDrill.mismatches).toEqual([]);
    expect(code, output).toBe(0);
  });
});
