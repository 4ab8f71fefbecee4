import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { planIndicators } from '../schema/index.ts';
import { PLAN_INDICATORS, type IndicatorSeed } from './indicators-data.ts';

function split(value: number | string | null): { value: number | null; text: string | null } {
  if (value === null) return { value: null, text: null };
  return typeof value === 'number' ? { value, text: null } : { value: null, text: value };
}

/**
 * Upserts the plan's indicators by code (idempotent). The plan's facts are always re-applied;
 * staff-entered values live in indicator_values and are never touched here.
 */
export async function seedIndicators(
  db: DbOrTx,
  data: readonly IndicatorSeed[] = PLAN_INDICATORS,
): Promise<void> {
  const rows = data.map((item, index) => {
    const baseline = split(item.baseline);
    const target = split(item.target);
    return {
      code: item.code,
      vision: item.vision,
      concept: item.concept,
      kind: item.kind,
      owner: item.owner,
      name: item.name,
      nameEn: item.nameEn,
      unit: item.unit,
      baselineValue: baseline.value,
      baselineText: baseline.text,
      baselineFy: item.baselineFy,
      baselineNote: item.baselineNote ?? null,
      baselineNoteEn: item.baselineNoteEn ?? null,
      targetKind: item.targetKind,
      targetValue: target.value,
      targetText: target.text,
      targetFy: item.targetFy,
      targetNote: item.targetNote ?? null,
      targetNoteEn: item.targetNoteEn ?? null,
      measuredBy: item.measuredBy,
      sortOrder: index,
    };
  });
  await db
    .insert(planIndicators)
    .values(rows)
    .onConflictDoUpdate({
      target: planIndicators.code,
      set: {
        vision: sql`excluded.vision`,
        concept: sql`excluded.concept`,
        kind: sql`excluded.kind`,
        owner: sql`excluded.owner`,
        name: sql`excluded.name`,
        nameEn: sql`excluded.name_en`,
        unit: sql`excluded.unit`,
        baselineValue: sql`excluded.baseline_value`,
        baselineText: sql`excluded.baseline_text`,
        baselineFy: sql`excluded.baseline_fy`,
        baselineNote: sql`excluded.baseline_note`,
        baselineNoteEn: sql`excluded.baseline_note_en`,
        targetKind: sql`excluded.target_kind`,
        targetValue: sql`excluded.target_value`,
        targetText: sql`excluded.target_text`,
        targetFy: sql`excluded.target_fy`,
        targetNote: sql`excluded.target_note`,
        targetNoteEn: sql`excluded.target_note_en`,
        measuredBy: sql`excluded.measured_by`,
        sortOrder: sql`excluded.sort_order`,
        updatedAt: sql`now()`,
      },
    });
}
