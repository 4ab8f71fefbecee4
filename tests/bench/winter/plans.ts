import type { WinterPlan } from './city.ts';

/** The full snowfall of issue 10: 30 cm over five districts, 10,000 registrations, 20 % paired. */
export const FULL_PLAN: WinterPlan = {
  districts: ['chuo', 'kagura', 'nagayama', 'taisei', 'toyooka'],
  registrations: 10_000,
  pairedShare: 0.2,
  backupShare: 0.25,
  volunteers: 5000,
  groups: 500,
  cm: 30,
};

/**
 * `--quick` and the in-process test: 500 registrations over two adjacent districts, with as many
 * helpers per household as the full snowfall.
 */
export const QUICK_PLAN: WinterPlan = {
  districts: ['chuo', 'taisei'],
  registrations: 500,
  pairedShare: 0.2,
  backupShare: 0.25,
  volunteers: 250,
  groups: 25,
  cm: 30,
};
