import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const servicesDir = fileURLToPath(new URL('../../services', import.meta.url));

export interface ServiceProcess {
  /** Sends a signal and resolves with the exit code (null when killed by a signal). */
  signal(signal: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code (or signal) when the process ends, whoever ended it. */
  exited: Promise<number | string | null>;
  /** The last lines the process wrote (warnings and errors), for the report when it fails. */
  tail(): string;
}

/** One real service process (`api` or `worker`) through the development loader, as the tests run it. */
export function startService(
  service: 'api' | 'worker',
  env: Record<string, string>,
): ServiceProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--conditions=@sasaeai/source',
      '--import',
      'tsx',
      `src/${service === 'api' ? 'server' : 'main'}.ts`,
    ],
    {
      cwd: `${servicesDir}/${service}`,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return {
    signal: async (signal) => {
      child.kill(signal);
      const code = await exited;
      return typeof code === 'number' ? code : null;
    },
    exited,
    tail: () => output,
  };
}

export interface Supervised {
  /** Stops the process on purpose (not a crash); it stays down until `restart()`. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
  restart(): void;
  /** Times it exited on its own and was started again. */
  crashes(): number;
  tail(): string;
}

/**
 * Keeps a service running as compose (`restart: unless-stopped`) or Kubernetes would: a process
 * that exits on its own is counted as a crash and started again a second later.
 */
export function supervise(
  name: string,
  start: () => ServiceProcess,
  log: (line: string) => void,
): Supervised {
  let current = start();
  let crashes = 0;
  let stopped = false;
  const watch = (service: ServiceProcess) => {
    void service.exited.then((code) => {
      if (stopped || service !== current) return;
      crashes += 1;
      log(
        `  ${name} exited on its own (${code}); starting it again. Last output:\n${service.tail()}`,
      );
      setTimeout(() => {
        if (stopped || service !== current) return;
        current = start();
        watch(current);
      }, 1000);
    });
  };
  watch(current);
  return {
    stop: async (signal) => {
      stopped = true;
      return current.signal(signal);
    },
    restart: () => {
      stopped = false;
      current = start();
      watch(current);
    },
    crashes: () => crashes,
    tail: () => current.tail(),
  };
}
