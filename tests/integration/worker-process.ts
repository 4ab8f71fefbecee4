import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const workerDir = fileURLToPath(new URL('../../services/worker', import.meta.url));

/**
 * The real worker process against a test database and Redis prefix, with short windows.
 * `ready` resolves once it has logged that it started (its log is read for that line; errors
 * still reach the test's output).
 */
export function startWorkerProcess(
  env: { DATABASE_URL: string; REDIS_PREFIX: string } & Record<string, string>,
) {
  const child = spawn(
    process.execPath,
    ['--conditions=@sasaeai/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: workerDir,
      env: {
        ...process.env,
        // Tests share a busy machine by design: the worker keeps its share of the CPU.
        WORKER_NICE: '0',
        ...env,
        LOG_LEVEL: 'info',
        RELAY_INTERVAL_MS: '100',
        MATCHING_WINDOW_MS: '100',
        OFFER_EXPIRY_INTERVAL_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let tail = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4096);
      for (const line of chunk.toString().split('\n')) {
        if (/"level":[56]0/.test(line)) process.stderr.write(`[worker] ${line}\n`);
      }
      if (tail.includes('"msg":"worker started"')) resolve();
    });
    void exited.then((code) =>
      reject(new Error(`the worker exited (${String(code)}) before it started`)),
    );
  });
  ready.catch(() => {});
  return {
    ready,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
