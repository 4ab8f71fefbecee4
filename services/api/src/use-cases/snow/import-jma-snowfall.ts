import type { Database } from '@sasaeai/db/client';
import type { SnowEventOutcome, SnowImportResponse } from '@sasaeai/contracts';
import { jstToday } from '@sasaeai/core';
import { AppError } from '../../errors/app-error.ts';
import type { SessionUser } from '../../repositories/users-repository.ts';
import { declareInDistrict, districtsToDeclare, summarise } from './declare-snow-events.ts';
import { JmaCsvError, parseJmaSnowfall } from './parse-jma-csv.ts';

/** A day with at least this much new snow becomes a snow event. */
const SNOWY_DAY_CM = 1;

export interface ImportJmaSnowfallInput {
  actor: SessionUser;
  csv: Buffer;
  station: string;
  /** The districts the station's observations stand for (checked against the caller's reach). */
  districts: string[];
  now?: Date;
}

function rejectLine(error: JmaCsvError): AppError {
  const line = String(error.line);
  return new AppError(
    'validation_failed',
    {
      ja: `CSVの${line}行目: ${error.reason.ja} 何も取り込んでいません。`,
      en: `CSV line ${line}: ${error.reason.en} Nothing was imported.`,
    },
    [
      {
        field: 'body',
        message: { ja: `${line}行目: ${error.reason.ja}`, en: `Line ${line}: ${error.reason.en}` },
      },
    ],
  );
}

/**
 * Council staff or a coordinator uploads the JMA's observed snowfall: every day of 1 cm or more
 * becomes a snow event in each chosen district, through the same idempotent declaration, all in
 * one transaction. A bad line rejects the whole file, naming the line.
 */
export async function importJmaSnowfall(
  db: Database,
  input: ImportJmaSnowfallInput,
): Promise<SnowImportResponse> {
  const districts = await districtsToDeclare(db, input.actor, input.districts, 'query.districts');
  let days;
  try {
    days = parseJmaSnowfall(input.csv, input.station);
  } catch (error) {
    if (error instanceof JmaCsvError) throw rejectLine(error);
    throw error;
  }
  const now = input.now ?? new Date();
  const today = jstToday(now);
  const future = days.find((day) => day.date > today);
  if (future) {
    throw rejectLine(
      new JmaCsvError(future.line, {
        ja: 'まだ来ていない日付です。',
        en: 'This date has not come yet.',
      }),
    );
  }
  const snowy = days.filter((day) => day.snowfallCm !== null && day.snowfallCm >= SNOWY_DAY_CM);

  const events = await db.transaction(async (tx) => {
    const outcomes: SnowEventOutcome[] = [];
    for (const day of snowy) {
      for (const district of districts) {
        outcomes.push(
          await declareInDistrict(tx, {
            actor: input.actor,
            district,
            observedOn: day.date,
            cm: day.snowfallCm!,
            source: 'jma',
            now,
          }),
        );
      }
    }
    return outcomes;
  });
  return { ...summarise(events), snowyDays: snowy.length, days: days.length };
}
