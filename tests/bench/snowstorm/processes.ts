import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS = 100;
const servicesDir = fileURLToPath(new URL('../../../services', import.meta.url));

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** One service (api or worker) in its own process, as in production. */
export function startService(
  service: 'api' | 'worker',
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '--conditions=@sasaeai/source',
      '--import',
      'tsx',
      `src/${service === 'api' ? 'server' : 'main'}.ts`,
    ],
    {
      cwd: `${servicesDir}/${service}`,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    /** SIGKILL: no shutdown, jobs and sends cut wherever they are. */
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function waitForHealth(url: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/readyz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`API at ${url} not ready within ${ms} ms`);
}

/** CPU seconds used so far by each kind of process (PostgreSQL backends summed), from /proc. */
export function cpuByCommand(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let stat: string;
    let args: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command name (which may hold spaces): utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const name =
      args.startsWith('postgres') || args.includes('/bin/postgres')
        ? 'postgres'
        : args.includes('src/server.ts')
          ? 'api'
          : args.includes('src/main.ts')
            ? 'worker'
            : args.includes('tests/bench/')
              ? 'load generator'
              : args.includes('redis-server')
                ? 'redis'
                : 'other';
    totals.set(name, (totals.get(name) ?? 0) + ticks / CLOCK_TICKS);
  }
  return totals;
}

/** CPU seconds each command used between two readings, and the cores that makes over `seconds`. */
export function cpuBetween(
  before: Map<string, number>,
  after: Map<string, number>,
  seconds: number,
) {
  return [...after]
    .map(([command, total]) => ({
      command,
      cpuSeconds: Math.round((total - (before.get(command) ?? 0)) * 10) / 10,
      cores: Math.round(((total - (before.get(command) ?? 0)) / seconds) * 100) / 100,
    }))
    .filter((row) => row.cpuSeconds > 0)
    .sort((a, b) => b.cpuSeconds - a.cpuSeconds);
}
