import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const workerDir = fileURLToPath(new URL('../../services/worker', import.meta.url));

/** The real worker process against a test database and Redis prefix, with short windows. */
export function startWorkerProcess(
  env: { DATABASE_URL: string; REDIS_PREFIX: string } & Record<string, string>,
) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@sasaeai/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: workerDir,
      env: {
        ...process.env,
        ...env,
        LOG_LEVEL: 'warn',
        RELAY_INTERVAL_MS: '100',
        MATCHING_WINDOW_MS: '100',
        OFFER_EXPIRY_INTERVAL_MS: '1000',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
