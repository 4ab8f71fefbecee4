import { Worker } from 'node:worker_threads';
import type { BatchInput, BatchResult } from '@sasaeai/core';

/**
 * The thread runs the file next to this one: solver-thread.js in the compiled service, plain
 * Node and no loader. From the TypeScript sources (development, tests) the thread registers tsx
 * first, because tsx's loader does not reach worker threads on Node 20.
 */
const sourceCondition = '@sasaeai/source';

function threadEntry():
  { source: string; eval: true; execArgv: string[] } | { url: URL; eval?: undefined } {
  const fromSources = import.meta.url.endsWith('.ts');
  const url = new URL(`./solver-thread.${fromSources ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSources) return { url };
  const source = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  // The thread resolves the workspace packages to their sources too, under vitest as well.
  return { source, eval: true, execArgv: [...process.execArgv, `--conditions=${sourceCondition}`] };
}

type Reply = { id: number; result: BatchResult } | { id: number; error: string };

export interface ThreadSolver {
  solve: (input: BatchInput) => Promise<BatchResult>;
  close: () => Promise<void>;
}

/**
 * Solves matching batches in one long-lived worker thread, so the main thread stays free for
 * lock renewals, the outbox relay and other jobs while a big batch is solved. Batches queue in
 * the thread one after another; the inputs are plain data (dates, arrays), copied across.
 */
export function createThreadSolver(): ThreadSolver {
  let thread: Worker | null = null;
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve: (result: BatchResult) => void; reject: (error: Error) => void }
  >();

  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
    thread = null;
  };

  const start = () => {
    const entry = threadEntry();
    const worker = entry.eval
      ? new Worker(entry.source, { eval: true, execArgv: entry.execArgv })
      : new Worker(entry.url);
    worker.on('message', (reply: Reply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if ('error' in reply) waiting.reject(new Error(`matching engine failed: ${reply.error}`));
      else waiting.resolve(reply.result);
    });
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => {
      if (pending.size > 0) failAll(new Error(`matching engine thread exited with ${code}`));
      thread = null;
    });
    return worker;
  };

  return {
    solve(input) {
      thread ??= start();
      const id = nextId++;
      const worker = thread;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, input });
      });
    },
    async close() {
      const worker = thread;
      thread = null;
      if (worker) await worker.terminate();
    },
  };
}
