import { asc, desc, eq } from 'drizzle-orm';
import type { Database } from '@sasaeai/db/client';
import { indicatorValues, planIndicators, users } from '@sasaeai/db/schema';
import {
  fiscalYearEndDate,
  fiscalYearEndInstant,
  fiscalYearLabel,
  fiscalYearOf,
  indicatorStatus,
  jstToday,
  pathValue,
  type TargetKind,
} from '@sasaeai/core';
import {
  IndicatorValueEntry,
  type FiscalYearLabel,
  type IndicatorValueBody,
  type IndicatorView,
} from '@sasaeai/contracts';
import { AppError, fieldError } from '../../errors/app-error.ts';
import {
  countCentresOpenOn,
  countConsultationsAt,
  countVolunteersAt,
} from '../../repositories/council/council-queries.ts';

type IndicatorRow = typeof planIndicators.$inferSelect;
type ValueRow = typeof indicatorValues.$inferSelect;

/** The codes the app computes itself, and how. */
export const SYSTEM_INDICATORS = {
  'V4-2-b': 'centres_open',
  'V2-2-b-individual': 'volunteer_individuals',
  'V2-2-b-group': 'volunteer_groups',
  // 安心見守り事業: 地域コーディネーターが受けた相談件数 — 見守り cases and recorded consultations.
  'V3-1-b': 'consultations',
} as const;
type SystemMeasure = (typeof SYSTEM_INDICATORS)[keyof typeof SYSTEM_INDICATORS];

/**
 * System counts the centres' paper registers add to: volunteers who registered on paper at a
 * centre and are not in the app. Staff enter that number per fiscal year (an indicator value
 * row of the system indicator); the figure is the app's count plus it, and says so.
 */
const PAPER_COUNTED: ReadonlySet<SystemMeasure> = new Set([
  'volunteer_individuals',
  'volunteer_groups',
]);

/** The newest paper figure entered for each fiscal year (rows of one indicator). */
function paperByYear(rows: readonly ValueRow[]): Map<number, ValueRow> {
  const byYear = new Map<number, ValueRow>();
  for (const row of rows) {
    const seen = byYear.get(row.fiscalYear);
    if (!seen || row.createdAt > seen.createdAt) byYear.set(row.fiscalYear, row);
  }
  return byYear;
}

/** A computed figure's note, one text per language (`note` and `noteEn` in the views). */
interface Note {
  ja: string;
  en: string;
}

function sourcesNote(app: number, paper: ValueRow | undefined): Note {
  if (!paper || paper.value === null) {
    return {
      ja: `アプリ ${String(app)}（紙の登録は未入力）`,
      en: `app ${String(app)} (paper register not entered)`,
    };
  }
  const total = String(app + paper.value);
  return {
    ja: `アプリ ${String(app)} + 紙 ${String(paper.value)} = ${total}`,
    en: `app ${String(app)} + paper ${String(paper.value)} = ${total}`,
  };
}

/** Two notes joined as one sentence in each language. */
function joined(first: Note, second: Note): Note {
  return { ja: `${first.ja}。${second.ja}`, en: `${first.en}; ${second.en}` };
}

export function labelFor(fiscalYear: number): FiscalYearLabel {
  if (fiscalYear < 2019)
    return { fiscalYear, ja: `${String(fiscalYear)}年度`, en: `FY${String(fiscalYear)}` };
  return { fiscalYear, ...fiscalYearLabel(fiscalYear) };
}

/** Where a consultation count comes from, in both languages. */
function consultationsNote(counts: { cases: number; consultations: number }): Note {
  const cases = String(counts.cases);
  const recorded = String(counts.consultations);
  return {
    ja: `見守りケース ${cases} + コーディネーターの相談記録 ${recorded}（アプリで集計）`,
    en: `watch-over cases ${cases} + consultations recorded by coordinators ${recorded} (counted by the app)`,
  };
}

/** A system indicator's value at an instant (a fiscal year-end, or now). */
export async function measureAt(db: Database, measure: SystemMeasure, instant: Date) {
  if (measure === 'centres_open') return countCentresOpenOn(db, jstToday(instant));
  if (measure === 'consultations') {
    const counts = await countConsultationsAt(db, instant);
    return counts.cases + counts.consultations;
  }
  const counts = await countVolunteersAt(db, instant);
  return measure === 'volunteer_individuals' ? counts.individuals : counts.groups;
}

function systemMeasure(code: string): SystemMeasure | null {
  return (SYSTEM_INDICATORS as Record<string, SystemMeasure>)[code] ?? null;
}

/** Latest staff value per indicator: the newest fiscal year, and within it the newest row. */
function latestByIndicator(values: ValueRow[]): Map<string, ValueRow> {
  const latest = new Map<string, ValueRow>();
  for (const row of values) {
    const seen = latest.get(row.indicatorId);
    if (
      !seen ||
      row.fiscalYear > seen.fiscalYear ||
      (row.fiscalYear === seen.fiscalYear && row.createdAt > seen.createdAt)
    ) {
      latest.set(row.indicatorId, row);
    }
  }
  return latest;
}

export async function listIndicators(db: Database, now = new Date()) {
  const currentFy = fiscalYearOf(now);
  const rows = await db.select().from(planIndicators).orderBy(asc(planIndicators.sortOrder));
  const values = await db.select().from(indicatorValues);
  const latest = latestByIndicator(values);
  const indicators: IndicatorView[] = [];
  for (const row of rows) {
    const own = values.filter((value) => value.indicatorId === row.id);
    indicators.push(await viewOf(db, row, latest.get(row.id) ?? null, own, now, currentFy));
  }
  return { currentFiscalYear: labelFor(currentFy), indicators };
}

async function viewOf(
  db: Database,
  row: IndicatorRow,
  staffLatest: ValueRow | null,
  staffRows: readonly ValueRow[],
  now: Date,
  currentFy: number,
): Promise<IndicatorView> {
  const measure = row.measuredBy === 'system' ? systemMeasure(row.code) : null;
  let baseline = row.baselineValue;
  let baselineSource: 'plan' | 'computed' = 'plan';
  let latest: IndicatorView['latest'] = null;
  let today: IndicatorView['today'] = null;
  let sources: IndicatorView['sources'] = null;
  if (measure) {
    const app = await measureAt(db, measure, now);
    const paper = PAPER_COUNTED.has(measure) ? paperByYear(staffRows).get(currentFy) : undefined;
    const value = app + (paper?.value ?? 0);
    if (PAPER_COUNTED.has(measure)) sources = { app, paper: paper?.value ?? null };
    today = { value, asOf: now.toISOString() };
    // The current fiscal year's standing is today's live count (with this year's paper register).
    const note = sources
      ? sourcesNote(app, paper)
      : measure === 'consultations'
        ? consultationsNote(await countConsultationsAt(db, now))
        : null;
    latest = {
      value,
      text: null,
      fiscalYear: labelFor(currentFy),
      note: note?.ja ?? null,
      noteEn: note?.en ?? null,
    };
    if (baseline === null && row.baselineFy !== null) {
      // The plan prints no baseline: use what the app measured at that fiscal year-end.
      baseline = await measureAt(db, measure, fiscalYearEndInstant(row.baselineFy));
      baselineSource = 'computed';
    }
  } else if (staffLatest) {
    latest = {
      value: staffLatest.value,
      text: staffLatest.valueText,
      fiscalYear: labelFor(staffLatest.fiscalYear),
      note: staffLatest.note,
      noteEn: null,
    };
  }
  const targetKind = row.targetKind as TargetKind;
  const latestFy = latest?.fiscalYear?.fiscalYear ?? null;
  const path =
    targetKind === 'number' && row.targetValue !== null && latestFy !== null
      ? pathValue(
          {
            baseline,
            baselineFy: row.baselineFy,
            target: row.targetValue,
            targetFy: row.targetFy,
          },
          latestFy,
        )
      : null;
  const status = indicatorStatus({
    targetKind,
    baseline,
    baselineFy: row.baselineFy,
    target: row.targetValue,
    targetFy: row.targetFy,
    latest:
      latest && latestFy !== null
        ? { fiscalYear: latestFy, value: latest.value, text: latest.text }
        : null,
    // 継続: was it reported for the last completed fiscal year (or the current one)?
    fiscalYear: latestFy !== null && latestFy >= currentFy - 1 ? latestFy : currentFy - 1,
  });
  return {
    code: row.code,
    vision: row.vision,
    concept: row.concept,
    kind: row.kind as IndicatorView['kind'],
    owner: row.owner,
    name: row.name,
    nameEn: row.nameEn,
    unit: row.unit,
    measuredBy: row.measuredBy as IndicatorView['measuredBy'],
    targetKind,
    baseline: {
      value: baseline,
      text: row.baselineText,
      fiscalYear: row.baselineFy === null ? null : labelFor(row.baselineFy),
      note: row.baselineNote,
      noteEn: row.baselineNoteEn,
      source: baselineSource,
    },
    target: {
      value: row.targetValue,
      text: row.targetText,
      fiscalYear: labelFor(row.targetFy),
      note: row.targetNote,
      noteEn: row.targetNoteEn,
    },
    latest,
    today,
    sources,
    pathValue: path,
    status,
  };
}

async function indicatorByCode(db: Database, code: string): Promise<IndicatorRow> {
  const [row] = await db.select().from(planIndicators).where(eq(planIndicators.code, code));
  if (!row) throw new AppError('not_found');
  return row;
}

export async function enterIndicatorValue(
  db: Database,
  code: string,
  body: IndicatorValueBody,
  enteredBy: string,
) {
  const indicator = await indicatorByCode(db, code);
  const measure = indicator.measuredBy === 'system' ? systemMeasure(indicator.code) : null;
  if (measure && PAPER_COUNTED.has(measure)) checkPaperCount(body);
  else if (indicator.measuredBy === 'system') {
    throw new AppError('conflict', {
      ja: 'この指標はシステムが自動で集計するため、手入力できません。',
      en: 'This indicator is computed by the system and cannot be entered by hand.',
    });
  }
  // The answer is built and checked against its schema before the insert commits, so a value
  // that could not be answered is never left behind by a failed response.
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(indicatorValues)
      .values({
        indicatorId: indicator.id,
        fiscalYear: body.fiscalYear,
        value: body.value ?? null,
        valueText: body.valueText ?? null,
        note: body.note ?? null,
        enteredBy,
      })
      .returning();
    if (!row) throw new AppError('internal');
    const [author] = await tx
      .select({ displayName: users.displayName })
      .from(users)
      .where(eq(users.id, enteredBy));
    return IndicatorValueEntry.parse({
      id: row.id,
      fiscalYear: labelFor(row.fiscalYear),
      value: row.value,
      valueText: row.valueText,
      note: row.note,
      noteEn: null,
      enteredBy: author?.displayName ?? null,
      createdAt: row.createdAt.toISOString(),
      // The newest row of its fiscal year is the one that counts.
      current: true,
    });
  });
}

/** A paper register figure is a whole number of people (or groups), 0 or more, never text. */
function checkPaperCount(body: IndicatorValueBody): void {
  const value = body.value ?? null;
  if (value === null || !Number.isInteger(value) || value < 0 || value > 1_000_000) {
    throw fieldError(
      'body.value',
      '紙で登録した人数を、0以上の整数で入力してください。',
      'Enter the number registered on paper as a whole number, 0 or more.',
    );
  }
  if ((body.valueText ?? null) !== null) {
    throw fieldError('body.valueText', '人数だけを入力してください。', 'Enter a number only.');
  }
}

export async function indicatorHistory(db: Database, code: string, now = new Date()) {
  const indicator = await indicatorByCode(db, code);
  const measure = indicator.measuredBy === 'system' ? systemMeasure(indicator.code) : null;
  if (measure) {
    // Computed: the count at each fiscal year-end (31 March JST) up to last year, then today,
    // plus the year's paper register where the centres keep one (the note gives the parts).
    const paper = PAPER_COUNTED.has(measure)
      ? paperByYear(
          await db
            .select()
            .from(indicatorValues)
            .where(eq(indicatorValues.indicatorId, indicator.id)),
        )
      : null;
    const currentFy = fiscalYearOf(now);
    const firstFy = indicator.baselineFy ?? currentFy - 1;
    const values = [];
    for (let fy = firstFy; fy <= currentFy; fy += 1) {
      const instant = fy < currentFy ? fiscalYearEndInstant(fy) : now;
      const app = await measureAt(db, measure, instant);
      const paperRow = paper?.get(fy);
      const asOf: Note =
        fy < currentFy
          ? { ja: `${fiscalYearEndDate(fy)} 時点`, en: `as of ${fiscalYearEndDate(fy)}` }
          : { ja: '本日時点', en: 'as of today' };
      const note = paper
        ? joined(asOf, sourcesNote(app, paperRow))
        : measure === 'consultations'
          ? joined(asOf, consultationsNote(await countConsultationsAt(db, instant)))
          : asOf;
      values.push({
        id: `system:${String(fy)}`,
        fiscalYear: labelFor(fy),
        value: app + (paperRow?.value ?? 0),
        valueText: null,
        note: note.ja,
        noteEn: note.en,
        enteredBy: null,
        createdAt: instant.toISOString(),
        current: true,
      });
    }
    return { code, values: values.reverse() };
  }
  const rows = await db
    .select({ value: indicatorValues, enteredBy: users.displayName })
    .from(indicatorValues)
    .leftJoin(users, eq(users.id, indicatorValues.enteredBy))
    .where(eq(indicatorValues.indicatorId, indicator.id))
    .orderBy(desc(indicatorValues.fiscalYear), desc(indicatorValues.createdAt));
  const seenYears = new Set<number>();
  return {
    code,
    values: rows.map(({ value, enteredBy }) => {
      const current = !seenYears.has(value.fiscalYear);
      seenYears.add(value.fiscalYear);
      return {
        id: value.id,
        fiscalYear: labelFor(value.fiscalYear),
        value: value.value,
        valueText: value.valueText,
        note: value.note,
        noteEn: null,
        enteredBy,
        createdAt: value.createdAt.toISOString(),
        current,
      };
    }),
  };
}
