import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The send-path bench runs end to end and every offer's mail reaches the SMTP server once. */
it('pnpm bench:notify sends every offer once and writes its figures', async () => {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@sasaeai/source',
      '--import',
      'tsx',
      'tests/bench/notify/run.ts',
      '--offers',
      '40',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, output).toBe(0);
  const file = /written (bench\/results\/\S+\.json)/.exec(output)?.[1];
  expect(file, output).toBeTruthy();
  const report = JSON.parse(readFileSync(`${root}/${file!}`, 'utf8'));
  expect(report.plan).toMatchObject({ offers: 40, sendBatchSize: 20 });
  expect(report.fanOut.rows).toBe(40);
  expect(report.mailsAccepted).toBe(40);
  expect(report.mailsPerSecond).toBeGreaterThan(0);
}, 120_000);
