/**
 * The batch engine in its own thread: a large district batch can take seconds to solve, and on
 * the worker's main thread that would hold up BullMQ's lock renewals and every other job.
 */
import { parentPort } from 'node:worker_threads';
import { assignBatch, type BatchInput } from '@sasaeai/core';

parentPort?.on('message', (message: { id: number; input: BatchInput }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: assignBatch(message.input) });
  } catch (error) {
    parentPort!.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
