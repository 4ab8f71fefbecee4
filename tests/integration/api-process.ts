import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';

const apiDir = fileURLToPath(new URL('../../services/api', import.meta.url));

export interface ApiProcess {
  url: string;
  /** Everything the process has written so far (pino JSON lines). */
  output(): string;
  /** SIGTERM, then the exit code once it has drained. */
  stop(): Promise<number | null>;
}

/** The real API process (`src/server.ts`) on a free port, ready once it has logged its address. */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@sasaeai/source', '--import', 'tsx', 'src/server.ts'],
    {
      cwd: apiDir,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'info',
        ADMISSION_MAX_WAIT_MS: '30000',
        ADMISSION_MAX_EVENT_LOOP_DELAY_MS: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const port = await vi.waitFor(
    () => {
      const port = /"url":"http:\/\/localhost:(\d+)"/.exec(output)?.[1];
      if (!port) throw new Error(`the API has not started:\n${output.slice(-2000)}`);
      return port;
    },
    { timeout: 60_000, interval: 100 },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
