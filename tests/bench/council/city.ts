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
 */
import { createDb } from '@sasaeai/db';
import { seedReferenceData } from '@sasaeai/db/seed';
import {
  FISCAL_YEAR,
  GENERATOR_VERSION,
  type GenerateOptions,
  type GenerateResult,
  type GeneratedCounts,
} from './config.ts';
import { generateIndicatorValues } from './indicator-values.ts';
import { generateResidents, generateStaff, generateVolunteers } from './people.ts';
import { generateCentres, generateDistricts } from './places.ts';
import { generateRequests } from './requests.ts';
import type { StepContext } from './write.ts';

/** Writes the whole city into `url`, which must be a freshly migrated, empty database. */
export async function generateCity({
  url,
  seed,
  scale,
  log = () => {},
}: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const stepsMs: Record<string, number> = {};
  let stepStart = performance.now();
  const step = (name: string) => {
    stepsMs[name] = Math.round(performance.now() - stepStart);
    stepStart = performance.now();
  };
  const { db, sql, close } = createDb({ url, max: 2, applicationName: 'bench-council-generate' });
  try {
    log(`generating ${scale.name} city, seed ${seed} (generator v${GENERATOR_VERSION})`);
    await seedReferenceData({ db });
    const context: StepContext = { sql, seed, scale, log, step };
    const { allDistricts, districtWeights, neighbours, districtIdByCode } =
      await generateDistricts(context);
    const centreRows = await generateCentres(context, allDistricts);
    const { staff, coordinatorOf, fyStart } = await generateStaff(context, {
      allDistricts,
      districtIdByCode,
    });
    const { groupCount, volunteerProfiles, servingByDistrict, volunteerKind, volunteerHome } =
      await generateVolunteers(context, {
        allDistricts,
        districtWeights,
        neighbours,
        coordinatorOf,
        fyStart,
      });
    const { residentIds, residentDistrict, residentProfiles, reciprocal } = await generateResidents(
      context,
      {
        allDistricts,
        districtWeights,
        volunteerProfiles,
        volunteerHome,
        coordinatorOf,
      },
    );
    const {
      requests,
      matchRows,
      thanksRows,
      concernRows,
      requestsByStatus,
      completedMatches,
      minutesGiven,
    } = await generateRequests(context, {
      fyStart,
      residentIds,
      residentDistrict,
      residentProfiles,
      servingByDistrict,
      volunteerKind,
      coordinatorOf,
    });
    const valueRows = await generateIndicatorValues(context, staff);

    // As autovacuum would soon after a bulk load: statistics, and the visibility map that lets
    // the dashboard's covering indexes answer without visiting the table.
    await sql`vacuum analyze`;
    step('vacuum analyze');

    const counts: GeneratedCounts = {
      districts: allDistricts.length,
      centres: 7 + centreRows.length,
      volunteers: scale.volunteers,
      groups: groupCount,
      individuals: scale.volunteers - groupCount,
      residents: residentIds.length,
      reciprocalResidents: reciprocal.size,
      requests: requests.length,
      requestsByStatus,
      matches: matchRows.length,
      completedMatches,
      minutesGiven,
      thanks: thanksRows.length,
      concerns: concernRows.length,
      indicatorValues: valueRows.length,
    };
    const durationMs = Math.round(performance.now() - started);
    log(`generated in ${(durationMs / 1000).toFixed(1)} s`);
    return {
      seed,
      scale,
      version: GENERATOR_VERSION,
      fiscalYear: FISCAL_YEAR,
      counts,
      durationMs,
      stepsMs,
    };
  } finally {
    await close();
  }
}
