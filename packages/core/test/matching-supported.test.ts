import { describe, expect, it } from 'vitest';
import { checkEligibility, hasBuddy } from '../src/matching/eligibility.ts';
import { assignGreedy, confirmProposals } from '../src/matching/assign.ts';
import { assignOptimal } from '../src/matching/assign-optimal.ts';
import { DEFAULT_WEIGHTS, scorePair, termPoints, TERM_ORDER } from '../src/matching/scoring.ts';
import type { CandidateVolunteer, MatchRequest } from '../src/matching/types.ts';
import { request, volunteer } from './matching-fixtures.ts';

function factsOf(r: MatchRequest, v: CandidateVolunteer) {
  const e = checkEligibility(r, v);
  if (!e.eligible) throw new Error(`not eligible: ${e.reasons.join(',')}`);
  return e.facts;
}

describe('first task with a buddy (hard rule)', () => {
  const newcomer = volunteer({ id: 'v-new', needsBuddy: true });

  it('is not eligible for a one-person request', () => {
    const e = checkEligibility(request(), newcomer);
    expect(e).toEqual({ eligible: false, reasons: ['needs_buddy'] });
  });

  it('is not eligible for a two-person request nobody holds yet', () => {
    const r = request({ peopleNeeded: 2 });
    expect(hasBuddy(r)).toBe(false);
    expect(checkEligibility(r, newcomer)).toEqual({ eligible: false, reasons: ['needs_buddy'] });
  });

  it('is eligible as the second person beside someone already on it', () => {
    const r = request({ peopleNeeded: 2, placesOpen: 1 });
    expect(hasBuddy(r)).toBe(true);
    expect(checkEligibility(r, newcomer).eligible).toBe(true);
  });

  it('is not eligible once the request is full', () => {
    const r = request({ peopleNeeded: 2, placesOpen: 0 });
    expect(checkEligibility(r, newcomer).eligible).toBe(false);
  });

  it('lists the reason with the others in "all" mode', () => {
    const e = checkEligibility(request(), volunteer({ needsBuddy: true, skills: ['visit'] }));
    expect(e).toEqual({ eligible: false, reasons: ['skill', 'needs_buddy'] });
  });

  it('changes nothing when the flag is off or absent', () => {
    expect(checkEligibility(request(), volunteer({ needsBuddy: false })).eligible).toBe(true);
    expect(checkEligibility(request(), volunteer()).eligible).toBe(true);
  });

  for (const [name, engine] of [
    ['greedy', assignGreedy],
    ['optimal', assignOptimal],
  ] as const) {
    it(`${name}: never proposes the newcomer alone, and does beside someone`, () => {
      const alone = engine({ requests: [request({ id: 'r-alone' })], candidates: [newcomer] });
      expect(alone.proposals).toEqual([]);
      expect(alone.heldBack).toEqual([
        { requestId: 'r-alone', reason: 'no_candidates', placesOpen: 1 },
      ]);
      const pair = engine({
        requests: [request({ id: 'r-pair', peopleNeeded: 2, placesOpen: 1 })],
        candidates: [newcomer],
      });
      expect(pair.proposals.map((p) => p.volunteerId)).toEqual(['v-new']);
    });
  }
});

describe('first task with a buddy, in a batch (buddyInBatch)', () => {
  const newcomer = volunteer({ id: 'v-new', needsBuddy: true });
  const veteran = volunteer({ id: 'v-vet' });
  const options = { buddyInBatch: true };
  const empty = request({ id: 'r-pair', peopleNeeded: 2 });

  it('makes the newcomer eligible for an empty request for two, never for one', () => {
    expect(checkEligibility(empty, newcomer, options).eligible).toBe(true);
    expect(checkEligibility(request(), newcomer, options)).toEqual({
      eligible: false,
      reasons: ['needs_buddy'],
    });
  });

  for (const [name, engine] of [
    ['greedy', assignGreedy],
    ['optimal', assignOptimal],
  ] as const) {
    it(`${name}: proposes the newcomer beside someone in the same batch`, () => {
      const both = engine({ requests: [empty], candidates: [newcomer, veteran], options });
      expect(both.proposals.map((p) => p.volunteerId).sort()).toEqual(['v-new', 'v-vet']);
      expect(both.heldBack).toEqual([]);
    });

    it(`${name}: drops newcomers who would go alone and holds their places back`, () => {
      const alone = engine({ requests: [empty], candidates: [newcomer], options });
      expect(alone.proposals).toEqual([]);
      expect(alone.heldBack).toEqual([
        { requestId: 'r-pair', reason: 'no_candidates', placesOpen: 2 },
      ]);
      const two = engine({
        requests: [empty],
        candidates: [newcomer, volunteer({ id: 'v-new2', needsBuddy: true })],
        options,
      });
      expect(two.proposals).toEqual([]);
    });
  }

  it('confirmProposals drops a newcomer whose companion no longer fits', () => {
    const solved = assignGreedy({ requests: [empty], candidates: [newcomer, veteran], options });
    const booked = {
      ...veteran,
      busy: [{ start: empty.windowStart, end: empty.windowEnd, people: 1 }],
    };
    const { kept, dropped } = confirmProposals(
      solved.proposals,
      [empty],
      [newcomer, booked],
      options,
    );
    expect(kept).toEqual([]);
    expect(dropped.map((p) => p.volunteerId).sort()).toEqual(['v-new', 'v-vet']);
  });
});

describe('prefers tasks without conversation (score term)', () => {
  const quiet = volunteer({ preferQuiet: true, skills: ['snow', 'visit', 'other'] });

  it('adds full points for a quiet category, half for other, none for a visit', () => {
    const snow = request({ category: 'snow' });
    const other = request({ category: 'other' });
    const visit = request({ category: 'visit' });
    expect(termPoints(snow, quiet, factsOf(snow, quiet)).at(-1)).toBe(DEFAULT_WEIGHTS.quiet);
    expect(termPoints(other, quiet, factsOf(other, quiet)).at(-1)).toBe(DEFAULT_WEIGHTS.quiet / 2);
    expect(termPoints(visit, quiet, factsOf(visit, quiet)).at(-1)).toBe(0);
  });

  it('shows a quiet term in the breakdown, with the category and how well it fits', () => {
    const r = request({ category: 'snow' });
    const breakdown = scorePair(r, quiet, factsOf(r, quiet));
    const term = breakdown.terms.at(-1)!;
    expect(term).toMatchObject({ term: 'quiet', points: DEFAULT_WEIGHTS.quiet });
    expect(term).toMatchObject({ facts: { category: 'snow', fit: 'fits' } });
    const visit = request({ category: 'visit' });
    expect(scorePair(visit, quiet, factsOf(visit, quiet)).terms.at(-1)?.facts).toEqual({
      category: 'visit',
      fit: 'talking',
    });
    const plain = scorePair(r, volunteer({ skills: quiet.skills }), factsOf(r, quiet));
    expect(breakdown.total).toBeCloseTo(plain.total + DEFAULT_WEIGHTS.quiet, 5);
  });

  it('ranks the quiet volunteer ahead on a snow request, behind on a visit', () => {
    const plain = volunteer({ id: 'v-plain', skills: ['snow', 'visit'] });
    const likesQuiet = volunteer({ id: 'v-quiet', skills: ['snow', 'visit'], preferQuiet: true });
    const snow = assignGreedy({ requests: [request()], candidates: [plain, likesQuiet] });
    expect(snow.proposals[0]?.volunteerId).toBe('v-quiet');
    // On a visit both score the same; the quiet one gains nothing there.
    const visit = request({ category: 'visit' });
    expect(termPoints(visit, likesQuiet, factsOf(visit, likesQuiet)).at(-1)).toBe(0);
  });

  it('leaves the breakdown as it was without the setting', () => {
    const r = request();
    const breakdown = scorePair(r, volunteer(), factsOf(r, volunteer()));
    expect(breakdown.terms.map((t) => t.term)).toEqual([...TERM_ORDER]);
    expect(termPoints(r, volunteer({ preferQuiet: false }), factsOf(r, volunteer()))).toHaveLength(
      TERM_ORDER.length,
    );
  });
});
