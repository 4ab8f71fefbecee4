export { loadWorkerEnv, WorkerEnv, WorkerEnvError } from './env.ts';
export { createLogger, describeError, type Logger } from './logger.ts';
export { createRedisConnection, closeRedisConnection, type RedisRole } from './redis.ts';
export {
  createQueues,
  closeQueues,
  defaultJobOptions,
  type WorkerQueues,
  type RelayedJobQueue,
} from './queues.ts';
export {
  relayOutboxBatch,
  startOutboxRelay,
  outboxJobId,
  MAX_RELAY_ATTEMPTS,
  type OutboxRelay,
} from './outbox-relay.ts';
export { processMatchingJob, parseRelayedJob } from './handlers/matching.ts';
export { processorFactories, type ProcessorDependencies } from './processors.ts';
export { startWorkers, closeWorkers } from './workers.ts';
export { findPostgresProblem, findRedisProblem } from './connectivity.ts';
