import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../bench/snowstorm/processes.ts';

const run = promisify(execFile);

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` OS user. */
function asClusterOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
}

async function pg(command: string, args: string[]) {
  const [file, argv] = asClusterOwner(command, args);
  return run(file, argv, { maxBuffer: 16 * 1024 * 1024 });
}

export interface OwnPostgres {
  port: number;
  /** Connection URL of a database on this cluster (user postgres, trust, TCP on 127.0.0.1). */
  urlFor(database: string): string;
  /** `pg_ctl restart -m immediate`: every backend killed, crash recovery on start. */
  restartImmediate(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A throw-away PostgreSQL cluster of its own (initdb in a temp dir, a spare port, socket in the
 * same dir), so the fault battery never touches the machine's shared server on 5432.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'sasaeai-faults-pg-'));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await pg('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-instructions',
  ]);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    `-c max_connections=200`,
  ].join(' ');
  const ctl = (action: string, extra: string[] = []) =>
    pg('pg_ctl', [
      action,
      '-D',
      data,
      '-w',
      '-t',
      '120',
      '-o',
      options,
      '-l',
      join(dir, 'log'),
      ...extra,
    ]);
  await ctl('start');
  return {
    port,
    urlFor: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restartImmediate: async () => {
      await ctl('restart', ['-m', 'immediate']);
    },
    stop: async () => {
      await pg('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
