import type { HelpCategory, ScoreBreakdown, ScoreTerm, Urgency } from '@sasaeai/contracts';
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

export const CATEGORY_LABEL_JA: Record<HelpCategory, string> = {
  snow: '除雪',
  weeding: '除草',
  rubbish: 'ゴミ出し',
  shopping: '買い物',
  visit: '訪問',
  other: 'その他',
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

const URGENCY_LABEL_JA: Record<Urgency, string> = {
  low: '急ぎでない',
  normal: '通常',
  high: '急ぎ',
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

export const TERM_ORDER: readonly BaseTerm[] = [
  'distance',
  'skill',
  'availability',
  'load',
  'continuity',
  'waiting',
  'reliability',
];

/**
 * Each term's points (rounded to 0.01), in TERM_ORDER, then `quiet` for a volunteer who prefers
 * tasks without conversation (only then, so nothing changes for everyone else). Numbers only, so the matcher can score
 * every eligible pair cheaply; `scorePair` adds the words for the proposals it keeps.
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

function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return `${m}分`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h}時間` : `${h}時間${m % 60}分`;
}

/**
 * Scores an eligible pair with the reasons in words (plain Japanese for the coordinator).
 * Pure: the same request, candidate and facts always give the same breakdown.
 */
export function scorePair(
  request: MatchRequest,
  candidate: CandidateVolunteer,
  facts: EligibilityFacts,
  weights: Partial<ScoringWeights> = {},
): ScoreBreakdown {
  const w = { ...DEFAULT_WEIGHTS, ...weights };
  const points = termPoints(request, candidate, facts, w);
  const fitting = fittingEquipment(request.category, candidate.equipment);
  const label = CATEGORY_LABEL_JA[request.category];
  const r = candidate.reliability;
  const details: Record<BaseTerm, string> = {
    distance: facts.sameDistrict ? '同じ地区' : `隣の地区 ${facts.distanceKm.toFixed(1)} km`,
    skill: fitting.length > 0 ? `${label}・${fitting.join('・')}あり` : label,
    availability: `活動できる時間 ${formatMinutes(facts.overlapMinutes)}`,
    load: `今週の担当 ${facts.tasksInWeek}/${candidate.maxTasksPerWeek}`,
    continuity: candidate.helpedResidentIds.includes(request.residentId)
      ? '前回も担当'
      : '初めての方',
    waiting: `待ち時間 ${formatMinutes(request.waitingMinutes)}・${URGENCY_LABEL_JA[request.urgency]}`,
    reliability:
      r.completed + r.declined + r.expired + r.noShow === 0
        ? '実績なし（新しい方）'
        : `完了 ${r.completed}回・辞退 ${r.declined}回・期限切れ ${r.expired}回・不参加 ${r.noShow}回`,
  };
  const terms: ScoreBreakdown['terms'] = TERM_ORDER.map((term, i) => ({
    term,
    points: points[i] ?? 0,
    detail: details[term],
  }));
  if (candidate.preferQuiet === true) {
    const quiet = QUIET_SHARE[request.category];
    terms.push({
      term: 'quiet',
      points: points[TERM_ORDER.length] ?? 0,
      detail: `会話の少ない活動を希望・${label}${quiet === 1 ? '（合う）' : quiet > 0 ? '（一部合う）' : '（会話あり）'}`,
    });
  }
  return {
    total: totalOf(points),
    terms,
    distanceKm: facts.sameDistrict ? 0 : round2(facts.distanceKm),
  };
}
