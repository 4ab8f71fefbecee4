import {
  scoreTerms,
  type FactBreakdown,
  type HelpCategory,
  type QuietFit,
  type ScoreTerm,
  type ScoreTermEntry,
} from '@sasaeai/contracts';
import type {
  CandidateVolunteer,
  EligibilityFacts,
  MatchRequest,
  ScoringWeights,
} from './types.ts';

export const DEFAULT_WEIGHTS: Readonly<ScoringWeights> = Object.freeze({
  distance: 30,
  neighbourShare: 0.6,
  distanceHorizonKm: 10,
  skill: 10,
  availability: 10,
  load: 20,
  continuity: 15,
  waiting: 10,
  waitingHorizonMinutes: 240,
  urgency: Object.freeze({ low: 0, normal: 5, high: 10 }),
  reliability: 10,
  quiet: 6,
});

/** Categories without conversation, for volunteers who prefer them (the `quiet` term). */
export const QUIET_SHARE: Record<HelpCategory, number> = {
  snow: 1,
  weeding: 1,
  rubbish: 1,
  other: 0.5,
  shopping: 0,
  visit: 0,
};

/** Equipment (free text) that makes a volunteer better suited to a category. */
export const FITTING_EQUIPMENT: Record<HelpCategory, readonly string[]> = {
  snow: [
    '除雪機',
    'スノーダンプ',
    'ママさんダンプ',
    'スコップ',
    'snow blower',
    'snowblower',
    'shovel',
  ],
  weeding: ['草刈り機', '草刈機', '刈払機', 'mower', 'trimmer'],
  rubbish: ['軽トラック', 'トラック', '車', 'truck', 'car'],
  shopping: ['軽トラック', '自動車', '車', 'car'],
  visit: [],
  other: [],
};

/** Smoothing: a newcomer starts at PRIOR_RATE, as if they had PRIOR_WEIGHT past tasks. */
const PRIOR_RATE = 0.8;
const PRIOR_WEIGHT = 3;

/** Share of kept commitments, smoothed towards PRIOR_RATE; a no-show weighs double. */
export function reliabilityRate(stats: CandidateVolunteer['reliability']): number {
  const bad = stats.declined + stats.expired + 2 * stats.noShow;
  return (stats.completed + PRIOR_RATE * PRIOR_WEIGHT) / (stats.completed + bad + PRIOR_WEIGHT);
}

export function fittingEquipment(category: HelpCategory, equipment: readonly string[]): string[] {
  const wanted = FITTING_EQUIPMENT[category];
  return equipment.filter((item) => {
    const lower = item.toLowerCase();
    return wanted.some((w) => lower.includes(w.toLowerCase()));
  });
}

/** Per equipment list and category: the matcher asks the same question many times. */
const fitCache = new WeakMap<readonly string[], Map<HelpCategory, boolean>>();
function hasFittingEquipment(category: HelpCategory, equipment: readonly string[]): boolean {
  let byCategory = fitCache.get(equipment);
  if (!byCategory) {
    byCategory = new Map();
    fitCache.set(equipment, byCategory);
  }
  let fit = byCategory.get(category);
  if (fit === undefined) {
    fit = fittingEquipment(category, equipment).length > 0;
    byCategory.set(category, fit);
  }
  return fit;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Term names in the order points are returned and stored. */
/** Every volunteer's terms; `quiet` follows only for those who prefer quiet tasks. */
export type BaseTerm = Exclude<ScoreTerm, 'quiet'>;

export const TERM_ORDER: readonly BaseTerm[] = scoreTerms;

/**
 * Each term's points (rounded to 0.01), in TERM_ORDER, then `quiet` for a volunteer who prefers
 * tasks without conversation (only then, so nothing changes for everyone else). Numbers only, so the matcher can score
 * every eligible pair cheaply; `scorePair` adds the facts for the proposals it keeps.
 */
export function termPoints(
  request: MatchRequest,
  candidate: CandidateVolunteer,
  facts: EligibilityFacts,
  w: Readonly<ScoringWeights> = DEFAULT_WEIGHTS,
): number[] {
  const distance = facts.sameDistrict
    ? w.distance
    : w.distance * w.neighbourShare * Math.max(0, 1 - facts.distanceKm / w.distanceHorizonKm);
  const skill = hasFittingEquipment(request.category, candidate.equipment) ? w.skill : w.skill / 2;
  const availability =
    w.availability * Math.min(1, facts.overlapMinutes / Math.max(1, facts.neededMinutes));
  const max = Math.max(1, candidate.maxTasksPerWeek);
  const load = w.load * (1 - Math.min(max, facts.tasksInWeek) / max);
  const continuity = candidate.helpedResidentIds.includes(request.residentId) ? w.continuity : 0;
  const waiting =
    w.waiting * Math.min(1, Math.max(0, request.waitingMinutes) / w.waitingHorizonMinutes) +
    w.urgency[request.urgency];
  const reliability = w.reliability * reliabilityRate(candidate.reliability);
  const points = [distance, skill, availability, load, continuity, waiting, reliability];
  if (candidate.preferQuiet === true) points.push(w.quiet * QUIET_SHARE[request.category]);
  return points.map(round2);
}

/** The total of `termPoints`, as stored in `matches.score`. */
export function totalOf(points: readonly number[]): number {
  return round2(points.reduce((sum, p) => sum + p, 0));
}

/** How far a category suits a volunteer who prefers tasks without conversation. */
export function quietFit(category: HelpCategory): QuietFit {
  const share = QUIET_SHARE[category];
  return share === 1 ? 'fits' : share > 0 ? 'partly' : 'talking';
}

/**
 * Scores an eligible pair with the facts behind each term (numbers and codes; the pages word
 * them in the reader's language). Pure: the same request, candidate and facts always give the
 * same breakdown.
 */
export function scorePair(
  request: MatchRequest,
  candidate: CandidateVolunteer,
  facts: EligibilityFacts,
  weights: Partial<ScoringWeights> = {},
): FactBreakdown {
  const w = { ...DEFAULT_WEIGHTS, ...weights };
  const points = termPoints(request, candidate, facts, w);
  const r = candidate.reliability;
  const km = facts.sameDistrict ? 0 : round2(facts.distanceKm);
  const wholeMinutes = (minutes: number) => Math.max(0, Math.floor(minutes));
  const at = (i: number) => points[i] ?? 0;
  const terms: ScoreTermEntry[] = [
    { term: 'distance', points: at(0), facts: { sameDistrict: facts.sameDistrict, km } },
    {
      term: 'skill',
      points: at(1),
      facts: {
        category: request.category,
        fittingEquipment: fittingEquipment(request.category, candidate.equipment),
      },
    },
    {
      term: 'availability',
      points: at(2),
      facts: {
        overlapMinutes: wholeMinutes(facts.overlapMinutes),
        neededMinutes: wholeMinutes(facts.neededMinutes),
      },
    },
    {
      term: 'load',
      points: at(3),
      facts: { tasksThisWeek: facts.tasksInWeek, maxTasksPerWeek: candidate.maxTasksPerWeek },
    },
    {
      term: 'continuity',
      points: at(4),
      facts: { helpedBefore: candidate.helpedResidentIds.includes(request.residentId) },
    },
    {
      term: 'waiting',
      points: at(5),
      facts: { waitingMinutes: wholeMinutes(request.waitingMinutes), urgency: request.urgency },
    },
    {
      term: 'reliability',
      points: at(6),
      facts: {
        completed: r.completed,
        declined: r.declined,
        expired: r.expired,
        noShow: r.noShow,
      },
    },
  ];
  if (candidate.preferQuiet === true) {
    terms.push({
      term: 'quiet',
      points: at(TERM_ORDER.length),
      facts: { category: request.category, fit: quietFit(request.category) },
    });
  }
  return { total: totalOf(points), terms, distanceKm: km };
}
