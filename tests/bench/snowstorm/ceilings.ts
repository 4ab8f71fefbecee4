import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { saturate } from './load.ts';

const apiDir = fileURLToPath(new URL('../../../services/api', import.meta.url));

const bareHttp = `
const http = require('node:http');
const server = http.createServer((req, res) => { res.setHeader('content-type','application/json'); res.end('{"ok":true}'); });
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));`;

const bareFastify = `
const app = require('fastify')();
app.get('/', async () => ({ ok: true }));
app.listen({ port: 0, host: '127.0.0.1' }).then(() => console.log('PORT ' + app.server.address().port));`;

/** Runs a tiny server in its own process (as the API runs in its own) and returns its URL. */
async function serverProcess(source: string) {
  const child = spawn(process.execPath, ['-e', source], {
    cwd: apiDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /PORT (\d+)/.exec(String(chunk));
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill('SIGTERM') };
}

export interface Ceilings {
  bareHttp: Awaited<ReturnType<typeof saturate>>;
  bareFastify: Awaited<ReturnType<typeof saturate>>;
  rawInsert: Awaited<ReturnType<typeof saturate>>;
  bullmq: { addPerSecond: number; processPerSecond: number };
}

export async function measureCeilings(options: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  ms: number;
  concurrency: number;
}): Promise<Ceilings> {
  const http = await serverProcess(bareHttp);
  const bareHttpResult = await saturate(options.concurrency, options.ms, () =>
    fetch(http.url).then((r) => r.arrayBuffer()),
  );
  http.stop();
  const fastify = await serverProcess(bareFastify);
  const bareFastifyResult = await saturate(options.concurrency, options.ms, () =>
    fetch(fastify.url).then((r) => r.arrayBuffer()),
  );
  fastify.stop();

  const sql = postgres(options.databaseUrl, { max: options.concurrency, onnotice: () => {} });
  await sql`create table if not exists bench_ceiling (id bigserial primary key, payload text, created_at timestamptz default now())`;
  const rawInsert = await saturate(
    options.concurrency,
    options.ms,
    () => sql`insert into bench_ceiling (payload) values (${'snow'})`,
  );
  await sql`drop table bench_ceiling`;
  await sql.end();

  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('ceiling', { connection, prefix: `${options.prefix}-ceiling` });
  const jobs = Math.max(500, Math.round(options.ms * 2));
  let t0 = performance.now();
  await Promise.all(
    Array.from({ length: jobs }, (_, i) => queue.add('job', { i }, { removeOnComplete: true })),
  );
  const addPerSecond = (jobs * 1000) / (performance.now() - t0);
  let processed = 0;
  t0 = performance.now();
  let allDone = () => {};
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const workerConnection = connection.duplicate();
  const worker = new Worker(
    'ceiling',
    async () => {
      processed += 1;
      if (processed === jobs) allDone();
    },
    { connection: workerConnection, prefix: `${options.prefix}-ceiling`, concurrency: 50 },
  );
  await finished;
  const processPerSecond = (jobs * 1000) / (performance.now() - t0);
  await worker.close();
  workerConnection.disconnect();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();

  return {
    bareHttp: bareHttpResult,
    bareFastify: bareFastifyResult,
    rawInsert,
    bullmq: { addPerSecond, processPerSecond },
  };
}
