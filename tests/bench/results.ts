/**
 * Where every benchmark leaves its figures: one JSON file per run in `bench/results/`, named by
 * the benchmark and the time, plus the facts about the machine that make figures comparable.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export const RESULTS_DIR = 'bench/results';

/** What ran the benchmark: cores, CPU model, memory, Node and the load when it was asked. */
export function machineFacts() {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

/** Writes `report` as `bench/results/<name>-<epoch ms>.json` and returns the path. */
export function writeBenchResult(name: string, report: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}/${name}-${Date.now()}.json`;
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
