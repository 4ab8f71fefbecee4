/**
 * A city-scale fiscal year for the council dashboard benchmark (issue 5, "Scale"): 53 districts,
 * district volunteer centres, 5,000 volunteers (about 90 % individuals, 10 % groups) with their
 * districts and weekly availability, residents (some of whom also volunteer), 100,000 help
 * requests over FY2025 (April 2025 – March 2026) with the winter's snow-clearing peak, their
 * matches (declined, expired, completed, cancelled …), minutes given, thanks, concerns, and the
 * staff-entered indicator values.
 *
 * Deterministic: the same seed and scale give the same rows (ids included) on every machine.
 * Rows are written with multi-row INSERTs in batches through postgres.js; the whole city takes
 * well under a minute on two cores.
 *
 *   pnpm exec tsx --conditions=@sasaeai/source tests/bench/council/generate.ts [--quick] [--seed N] [--database NAME] [--force]
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SEED, SCALES } from './config.ts';
import { FULL_DATABASE, ensureGenerated } from './database.ts';

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      database: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const scale = values.quick ? SCALES.quick : SCALES.full;
  const name = values.database ?? (values.quick ? 'sasaeai_council_bench_quick' : FULL_DATABASE);
  const seed = Number(values.seed);
  const log = (line: string) => console.log(`[generate] ${line}`);
  const { result, reused } = await ensureGenerated({
    name,
    seed,
    scale,
    force: values.force ?? false,
    log,
  });
  log(`${reused ? 'reused' : 'generated'} ${name}: seed ${result.seed}`);
  console.table(result.counts);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
