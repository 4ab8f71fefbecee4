import type { WinterPlan } from './seed.ts';

/** The full snowfall of issue 10: 30 cm over five districts, 10,000 registrations, 20 % paired. */
export const FULL_PLAN: WinterPlan = {
  districts: ['chuo', 'kagura', 'nagayama', 'taisei', 'toyooka'],
  registrations: 10_000,
  pairedShare: 0.2,
  backupShare: 0.25,
  volunteers: 3000,
  groups: 300,
  cm: 30,
};

/** `--quick` and the in-process test: 500 registrations over two districts. */
export const QUICK_PLAN: WinterPlan = {
  districts: ['chuo', 'nagayama'],
  registrations: 500,
  pairedShare: 0.2,
  backupShare: 0.25,
  volunteers: 200,
  groups: 20,
  cm: 30,
};
