/**
 * The snow-season bench's city as data, before anything is written: a realistically hard snow
 * morning in Asahikawa (issue 10). Pure and seeded, so the test can check its scarcity without a
 * database and `seed.ts` writes exactly this.
 *
 * What makes it hard (so that a first-come greedy falls measurably below the optimum):
 * - scarcity: in every district more households than the helpers' weekly tasks can clear, and
 *   the late morning (08:00–12:00) has far fewer helpers than households;
 * - tight deadlines: half the households must be clear by 07:00 or 08:00 — just about as many as
 *   the helpers who can only come early (commuters, groups) can clear;
 * - limited mornings and weekly caps: helpers who go to work (free 05:00–07:30), retirees with a
 *   snow blower free all morning but once a week (週1回), late-morning helpers (08:00–12:00);
 * - the trap: retirees score best for the 05:30–08:00 households (the blower), but they are
 *   also the only helpers besides the late-morning ones who can clear the 08:00–12:00
 *   households — giving them an early job spends their one task of the week where a commuter
 *   could have gone, and a late household goes without;
 * - neighbour districts: a fifth of the individual helpers also serve an adjacent district of
 *   the snowfall (the districts' own adjacency), so districts compete for them;
 * - groups (町内会の除雪隊, 4–8 people) clear several frontages side by side, one job per member
 *   a week, between 05:00 and 08:00.
 */
import { DEMO_DISTRICTS } from '@sasaeai/db/seed';
import { intBetween, mulberry32, pickWeighted } from '../snowstorm/random.ts';

export interface WinterPlan {
  /** District codes the snow falls on (registrations and helpers live there). */
  districts: readonly string[];
  registrations: number;
  /** Share of registrations with a season pairing (a primary helper). */
  pairedShare: number;
  /** Share of the paired that also have a backup helper. */
  backupShare: number;
  volunteers: number;
  groups: number;
  cm: number;
}

/** Minutes from midnight, Japan time: [from, until). */
export type Span = readonly [number, number];

/** When households ask to be cleared by, and how many do. */
export const HOUSEHOLD_MORNINGS: readonly { span: Span; share: number }[] = [
  { span: [5 * 60, 7 * 60], share: 0.25 },
  { span: [5 * 60 + 30, 8 * 60], share: 0.25 },
  { span: [8 * 60, 10 * 60], share: 0.3 },
  { span: [10 * 60, 12 * 60], share: 0.2 },
];

export type HelperProfile = 'commuter' | 'retiree' | 'late' | 'group';

/** The individuals' kinds of morning: free when, how many tasks a week, with what. */
export const INDIVIDUAL_PROFILES: Record<
  Exclude<HelperProfile, 'group'>,
  { share: number; span: Span; caps: Span; equipment: readonly (readonly string[])[] }
> = {
  // Most bring nothing and use the household's shovel (the skill term's half points).
  commuter: {
    share: 0.5,
    span: [5 * 60, 7 * 60 + 30],
    caps: [1, 2],
    equipment: [['スコップ'], [], []],
  },
  retiree: { share: 0.3, span: [6 * 60, 12 * 60], caps: [1, 1], equipment: [['除雪機']] },
  late: { share: 0.2, span: [8 * 60, 12 * 60], caps: [1, 2], equipment: [['ママさんダンプ'], []] },
};
export const GROUP_SPAN: Span = [5 * 60, 8 * 60];
/** Before this minute is "the snow morning" the scarcity is measured for. */
export const EARLY_BY = 8 * 60;
/** Share of individuals who also serve an adjacent district of the snowfall. */
export const TWO_DISTRICT_SHARE = 0.2;
const THRESHOLDS = [5, 10, 15, 20, 30];

export interface Household {
  district: number;
  span: Span;
  frontageMetres: number;
  clearPath: boolean;
  roofFall: boolean;
  thresholdCm: number;
}

export interface Helper {
  profile: HelperProfile;
  home: number;
  /** Districts served (indexes into the plan's districts), home first. */
  serves: number[];
  span: Span;
  maxTasksPerWeek: number;
  headcount: number;
  equipment: string[];
}

export interface Pairing {
  household: number;
  helper: number;
  role: 'primary' | 'backup';
}

export interface CityData {
  households: Household[];
  helpers: Helper[];
  pairings: Pairing[];
}

const covers = (helper: Span, household: Span) =>
  Math.min(helper[1], household[1]) - Math.max(helper[0], household[0]) >= 30;

/** Adjacent districts of the plan, by index, from the districts' own adjacency. */
export function adjacentInPlan(plan: WinterPlan): number[][] {
  return plan.districts.map((code) => {
    const own = DEMO_DISTRICTS.find((d) => d.code === code);
    if (!own) throw new Error(`unknown bench district ${code}`);
    return plan.districts
      .map((other, j) => ({ other, j }))
      .filter(({ other }) => own.neighbours.includes(other))
      .map(({ j }) => j);
  });
}

export function planCity(plan: WinterPlan, seed: number): CityData {
  const rng = mulberry32(seed);
  const k = plan.districts.length;
  const adjacent = adjacentInPlan(plan);
  const kinds = Object.keys(INDIVIDUAL_PROFILES) as Exclude<HelperProfile, 'group'>[];

  const helpers: Helper[] = Array.from({ length: plan.volunteers }, (_, i) => {
    const home = i % k;
    if (i < plan.groups) {
      const headcount = intBetween(rng, 4, 8);
      return {
        profile: 'group',
        home,
        serves: [home],
        span: GROUP_SPAN,
        maxTasksPerWeek: headcount,
        headcount,
        equipment: ['除雪機', 'スコップ'],
      };
    }
    const profile = pickWeighted(
      rng,
      kinds,
      kinds.map((kind) => INDIVIDUAL_PROFILES[kind].share),
    );
    const p = INDIVIDUAL_PROFILES[profile];
    const near = adjacent[home]!;
    const serves =
      near.length > 0 && rng() < TWO_DISTRICT_SHARE
        ? [home, near[intBetween(rng, 0, near.length - 1)]!]
        : [home];
    return {
      profile,
      home,
      serves,
      span: p.span,
      maxTasksPerWeek: intBetween(rng, p.caps[0], p.caps[1]),
      headcount: 1,
      equipment: [...p.equipment[intBetween(rng, 0, p.equipment.length - 1)]!],
    };
  });

  const households: Household[] = Array.from({ length: plan.registrations }, (_, i) => ({
    district: i % k,
    span: pickWeighted(
      rng,
      HOUSEHOLD_MORNINGS.map((m) => m.span),
      HOUSEHOLD_MORNINGS.map((m) => m.share),
    ),
    frontageMetres: intBetween(rng, 3, 15),
    clearPath: rng() < 0.6,
    roofFall: rng() < 0.2,
    thresholdCm: THRESHOLDS[intBetween(rng, 0, THRESHOLDS.length - 1)]!,
  }));

  // Pairings: each individual pairs with at most one household of its home district whose
  // morning it can come in (as agreed at the first meeting), so an offer is never refused for a
  // booking the bench itself made or for a morning the helper is not free.
  const free = new Set(
    helpers.map((h, i) => (h.profile === 'group' ? -1 : i)).filter((i) => i >= 0),
  );
  const take = (household: Household) => {
    for (const i of free) {
      const h = helpers[i]!;
      if (h.home === household.district && covers(h.span, household.span)) {
        free.delete(i);
        return i;
      }
    }
    return undefined;
  };
  const target = Math.round(plan.registrations * plan.pairedShare);
  const pairings: Pairing[] = [];
  let paired = 0;
  for (let household = 0; household < households.length && paired < target; household++) {
    const primary = take(households[household]!);
    if (primary === undefined) continue;
    paired += 1;
    pairings.push({ household, helper: primary, role: 'primary' });
    if (rng() < plan.backupShare) {
      const backup = take(households[household]!);
      if (backup !== undefined) pairings.push({ household, helper: backup, role: 'backup' });
    }
  }
  if (paired < target) throw new Error(`only ${paired} of ${target} households could be paired`);
  return { households, helpers, pairings };
}

/**
 * The city's scarcity, per district: households against the weekly tasks of every helper who
 * serves the district (an individual once per morning it is free in — early, late — within its
 * cap; a group as many jobs as its cap); the late morning (08:00–12:00) against every helper free
 * then; and the early households (by 08:00) against the helpers who can only come early. A helper
 * serving two districts counts in both, so the first two ratios are lower bounds.
 */
export function scarcity(plan: WinterPlan, city: CityData) {
  return plan.districts.map((code, d) => {
    const here = city.households.filter((h) => h.district === d);
    const helpers = city.helpers.filter((h) => h.serves.includes(d));
    const early = here.filter((h) => h.span[1] <= EARLY_BY).length;
    const late = here.length - early;
    const isEarly = (h: Helper) => h.span[0] < EARLY_BY - 30;
    const isLate = (h: Helper) => h.span[1] > EARLY_BY + 30;
    const tasks = (h: Helper, mornings: number) =>
      h.profile === 'group' ? h.maxTasksPerWeek : Math.min(h.maxTasksPerWeek, mornings);
    const capacity = helpers.reduce(
      (sum, h) => sum + tasks(h, (isEarly(h) ? 1 : 0) + (isLate(h) ? 2 : 0)),
      0,
    );
    const lateSupply = helpers.filter(isLate).reduce((sum, h) => sum + tasks(h, 2), 0);
    const earlyOnly = helpers
      .filter((h) => isEarly(h) && !isLate(h))
      .reduce((sum, h) => sum + tasks(h, 1), 0);
    return {
      district: code,
      households: here.length,
      helpers: helpers.length,
      capacity,
      ratio: here.length / Math.max(1, capacity),
      late,
      lateSupply,
      lateRatio: late / Math.max(1, lateSupply),
      early,
      earlyOnly,
      earlyRatio: early / Math.max(1, earlyOnly),
      twoDistrictHelpers: helpers.filter((h) => h.serves.length > 1).length,
      onceAWeekRetirees: helpers.filter((h) => h.profile === 'retiree' && h.maxTasksPerWeek === 1)
        .length,
    };
  });
}
