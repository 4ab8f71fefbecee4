/** The staff-entered indicator values, with a few corrections. */
import { FISCAL_YEAR } from './config.ts';
import type { Staff } from './people.ts';
import { rngFor } from './rng.ts';
import { DAY, jst } from './time.ts';
import { insertRows, type Row, type StepContext } from './write.ts';

/** One value per manual indicator and fiscal year since its baseline (some entered twice). */
export async function generateIndicatorValues({ sql, seed, log, step }: StepContext, staff: Staff) {
  const rngI = rngFor(seed, 'indicators');
  const indicators = await sql<
    {
      id: string;
      baseline_value: string | null;
      baseline_fy: number | null;
      target_kind: string;
      target_value: string | null;
      target_fy: number;
    }[]
  >`select id, baseline_value, baseline_fy, target_kind, target_value, target_fy
    from plan_indicators where measured_by = 'manual' order by sort_order`;
  const valueRows: Row[] = [];
  for (const indicator of indicators) {
    const from = Math.max(2019, (indicator.baseline_fy ?? 2022) + 1);
    const baseline = indicator.baseline_value === null ? null : Number(indicator.baseline_value);
    const target = indicator.target_value === null ? null : Number(indicator.target_value);
    for (let fy = from; fy <= FISCAL_YEAR; fy++) {
      let value: number | null = null;
      let text: string | null = null;
      if (baseline !== null && target !== null) {
        const share =
          (fy - (indicator.baseline_fy ?? fy)) /
          (indicator.target_fy - (indicator.baseline_fy ?? 0));
        value = baseline + (target - baseline) * share * (0.6 + 0.6 * rngI.next());
      } else if (baseline !== null) {
        value = baseline * (1 + 0.04 * (fy - (indicator.baseline_fy ?? fy)) + 0.03 * rngI.normal());
      } else {
        text = '実施';
      }
      if (value !== null) value = Math.round(value * 10) / 10;
      const entered = jst(fy + 1, 5, rngI.int(1, 28), 10);
      const corrections = rngI.chance(0.12) ? 2 : 1;
      for (let c = 0; c < corrections; c++) {
        valueRows.push({
          id: rngI.uuid(),
          indicator_id: indicator.id,
          fiscal_year: fy,
          value: value === null ? null : value + c * 0.5,
          value_text: text,
          note: c > 0 ? '集計誤りを訂正 / corrected' : null,
          entered_by: staff.council,
          created_at: new Date(entered.getTime() + c * 14 * DAY),
        });
      }
    }
  }
  await insertRows(sql, 'indicator_values', valueRows, log);
  step('indicator values');
  return valueRows;
}
