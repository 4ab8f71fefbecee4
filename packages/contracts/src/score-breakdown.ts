/**
 * Why the matcher chose a volunteer, as facts: each score term's points and what they were
 * computed from (kilometres, minutes, counts, codes). Pages word the facts in the reader's
 * language; nothing here is a sentence. Breakdowns written before the facts existed hold a
 * Japanese `detail` sentence instead, and still parse (`LegacyScoreTermEntry`).
 */
import { z } from 'zod';
import { HelpCategory, Urgency } from './enums.ts';

export const scoreTerms = [
  'distance',
  'skill',
  'availability',
  'load',
  'continuity',
  'waiting',
  'reliability',
] as const;
/** Terms only some pairs have: `quiet` for volunteers who prefer tasks without conversation. */
export const optionalScoreTerms = ['quiet'] as const;
export const ScoreTerm = z.enum([...scoreTerms, ...optionalScoreTerms]);
export type ScoreTerm = z.infer<typeof ScoreTerm>;

const count = z.int().min(0);
const entry = <T extends ScoreTerm, F extends z.ZodType>(term: T, facts: F) =>
  z.object({ term: z.literal(term), points: z.number(), facts });

/** How far a task without conversation suits a category: fully, partly or not at all. */
export const QuietFit = z.enum(['fits', 'partly', 'talking']);
export type QuietFit = z.infer<typeof QuietFit>;

export const ScoreTermEntry = z.discriminatedUnion('term', [
  /** Same district (0 km), or the distance to the nearest neighbouring district served. */
  entry('distance', z.object({ sameDistrict: z.boolean(), km: z.number().min(0) })),
  /** The request's category and the volunteer's equipment items that suit it (as stored). */
  entry('skill', z.object({ category: HelpCategory, fittingEquipment: z.array(z.string()) })),
  /** Longest stretch of availability in the window, and the minutes that count as full. */
  entry('availability', z.object({ overlapMinutes: count, neededMinutes: count })),
  entry('load', z.object({ tasksThisWeek: count, maxTasksPerWeek: count })),
  entry('continuity', z.object({ helpedBefore: z.boolean() })),
  entry('waiting', z.object({ waitingMinutes: count, urgency: Urgency })),
  entry(
    'reliability',
    z.object({ completed: count, declined: count, expired: count, noShow: count }),
  ),
  entry('quiet', z.object({ category: HelpCategory, fit: QuietFit })),
]);
export type ScoreTermEntry = z.infer<typeof ScoreTermEntry>;
/** The facts of one term, e.g. `ScoreFactsOf<'load'>`. */
export type ScoreFactsOf<T extends ScoreTerm> = Extract<ScoreTermEntry, { term: T }>['facts'];

/** A term as stored before facts: a Japanese sentence. Read only; shown as it was written. */
export const LegacyScoreTermEntry = z.object({
  term: ScoreTerm,
  points: z.number(),
  detail: z.string(),
});
export type LegacyScoreTermEntry = z.infer<typeof LegacyScoreTermEntry>;

/** Why this volunteer: each term's points, so a coordinator can see the reasoning. */
export const ScoreBreakdown = z.object({
  total: z.number(),
  terms: z.array(z.union([ScoreTermEntry, LegacyScoreTermEntry])),
  distanceKm: z.number().optional(),
});
export type ScoreBreakdown = z.infer<typeof ScoreBreakdown>;
/** A breakdown as the matcher writes it today: facts on every term. */
export type FactBreakdown = Omit<ScoreBreakdown, 'terms'> & { terms: ScoreTermEntry[] };

/** Why a volunteer cannot be proposed for a request (the matcher's hard constraints). */
export const ineligibleReasons = [
  'own_request',
  'excluded',
  'not_verified',
  'district',
  'neighbour_not_opted_in',
  'neighbour_wait',
  'skill',
  'group_too_small',
  'request_partly_filled',
  'needs_buddy',
  'insurance',
  'availability',
  'capacity',
  'booked',
] as const;
export const IneligibleReason = z.enum(ineligibleReasons);
export type IneligibleReason = z.infer<typeof IneligibleReason>;
