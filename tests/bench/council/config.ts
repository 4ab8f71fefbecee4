/** The council benchmark's fixed settings: seed, fiscal year, accounts, scales and result types. */
import { EXTRA_DISTRICTS } from './districts.ts';

/** Bump when the generated data changes shape, so a stored database is regenerated. */
export const GENERATOR_VERSION = 2;
export const DEFAULT_SEED = 20_250_401;
export const FISCAL_YEAR = 2025;
export const BENCH_PASSWORD = 'bench-council-2026';
export const BENCH_ACCOUNTS = {
  council: 'council@bench.sasaeai.test',
  coordinator: 'coordinator@bench.sasaeai.test',
  admin: 'admin@bench.sasaeai.test',
} as const;
/** The bench coordinator's districts. */
export const COORDINATOR_DISTRICTS = ['nagayama', 'nagayama-minami', 'suehiro'] as const;

export interface Scale {
  name: 'full' | 'quick';
  requests: number;
  volunteers: number;
  /** Share of volunteers that are groups. */
  groupShare: number;
  residents: number;
  /** Volunteers who are also registered residents and ask for help themselves. */
  reciprocal: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  full: {
    name: 'full',
    requests: 100_000,
    volunteers: 5_000,
    groupShare: 0.1,
    residents: 12_000,
    reciprocal: 300,
  },
  quick: {
    name: 'quick',
    requests: 2_000,
    volunteers: 300,
    groupShare: 0.1,
    residents: 400,
    reciprocal: 20,
  },
};

export const DISTRICT_COUNT = 20 + EXTRA_DISTRICTS.length;

export interface GenerateOptions {
  url: string;
  seed: number;
  scale: Scale;
  log?: (line: string) => void;
}

export interface GeneratedCounts {
  districts: number;
  centres: number;
  volunteers: number;
  groups: number;
  individuals: number;
  residents: number;
  reciprocalResidents: number;
  requests: number;
  requestsByStatus: Record<string, number>;
  matches: number;
  completedMatches: number;
  minutesGiven: number;
  thanks: number;
  concerns: number;
  indicatorValues: number;
}

export interface GenerateResult {
  seed: number;
  scale: Scale;
  version: number;
  fiscalYear: number;
  counts: GeneratedCounts;
  durationMs: number;
  stepsMs: Record<string, number>;
}
