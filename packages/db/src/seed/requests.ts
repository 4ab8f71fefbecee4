import { sql } from 'drizzle-orm';
import type { HelpCategory, RequestStatus, Urgency } from '@sasaeai/contracts';
import type { DbOrTx } from '../client.ts';
import { helpRequests } from '../schema/index.ts';
import { noProgress, type OnProgress } from './progress.ts';
import { streamFor, type Random } from '@sasaeai/core';
import type { ResidentSeed } from './residents.ts';
import { chunk, fromExcluded } from './sql.ts';
import { isSnowSeason, jstInstant, type JstDay } from './time.ts';

/** Idempotency keys of seeded requests start with this (`seed-0001`). */
export const SEED_REQUEST_KEY_PREFIX = 'seed-';

export interface RequestSeed {
  /** `seed-0001`: with the resident as creator, the natural key of a seeded request. */
  idempotencyKey: string;
  residentEmail: string;
  district: string;
  address: string;
  category: HelpCategory;
  status: RequestStatus;
  /** Day relative to today (JST) and minutes from midnight JST. */
  dayOffset: number;
  startMinute: number;
  durationMinutes: number;
  asSoonAsPossible: boolean;
  peopleNeeded: number;
  urgency: Urgency;
  /** Short, everyday notes. Never health or disability details (those are 要配慮個人情報). */
  notes: string | null;
  /** How long before now the request was made. */
  createdMinutesAgo: number;
}

const WINTER: readonly (readonly [HelpCategory, number])[] = [
  ['snow', 60],
  ['rubbish', 14],
  ['shopping', 12],
  ['visit', 8],
  ['other', 6],
];
const SUMMER: readonly (readonly [HelpCategory, number])[] = [
  ['weeding', 35],
  ['rubbish', 22],
  ['shopping', 20],
  ['visit', 13],
  ['other', 10],
];

const NOTES: Record<HelpCategory, readonly string[]> = {
  snow: [
    '玄関前から道路までの間口をお願いします。',
    '車庫の前に雪がたまって出入りできません。',
    '灯油タンクまでの通路を確保してください。',
    '屋根からの落雪で玄関前がふさがっています。',
    '除雪車が置いていった雪山を崩してほしいです。',
    '物置までの通路の除雪をお願いします。',
  ],
  weeding: ['庭の草取りをお願いします。', '家の前の歩道沿いの草刈りをお願いします。'],
  rubbish: [
    '燃やせるごみを朝8時30分までに集積所へ出してください。',
    '資源ごみ（缶・びん）を出すのを手伝ってください。',
    '粗大ごみを玄関先まで運び出したいです。',
  ],
  shopping: [
    '近くのスーパーで食料品の買い物をお願いします。',
    '米や飲み物など重い物の買い物をお願いします。',
    '日用品の買い物をお願いします。',
  ],
  visit: [
    'お茶を飲みながら話し相手になってほしいです。',
    '冬の間、ときどき様子を見に来てもらえると安心です。',
  ],
  other: [
    '電球の交換をお願いしたいです。',
    '冬囲いの手伝いをお願いします。',
    'ストーブの灯油を入れるのを手伝ってほしいです。',
  ],
};

/** When in the day (JST) each kind of help usually happens, and how long it takes. */
function drawTime(rng: Random, category: HelpCategory): { start: number; duration: number } {
  const halfHour = (from: number, to: number) => rng.int(from * 2, to * 2) * 30;
  switch (category) {
    case 'snow':
      return { start: halfHour(7, 10), duration: rng.pick([60, 90, 120]) };
    case 'rubbish':
      // Rubbish must be at the collection point by 8:30.
      return { start: halfHour(7, 7.5), duration: rng.pick([30, 60]) };
    case 'weeding':
      return { start: halfHour(9, 14), duration: 120 };
    case 'shopping':
      return { start: halfHour(10, 15), duration: rng.pick([60, 90]) };
    case 'visit':
      return { start: halfHour(10, 15), duration: 60 };
    case 'other':
      return { start: halfHour(9, 15), duration: rng.pick([60, 120]) };
  }
}

export interface GenerateRequestsOptions {
  seed: number;
  today: JstDay;
  residents: readonly ResidentSeed[];
  count?: number;
}

/**
 * Generates demo help requests deterministically: one per resident, then second requests from
 * some residents; mostly `open` in the coming days, a few `done` (past) and `cancelled`.
 */
export function generateRequests({
  seed,
  today,
  residents,
  count = 50,
}: GenerateRequestsOptions): RequestSeed[] {
  if (residents.length === 0) return [];
  const rng = streamFor(seed, 'requests');
  const weights = isSnowSeason(today) ? WINTER : SUMMER;
  const doneCount = Math.round(count * 0.08);
  const cancelledCount = Math.round(count * 0.04);
  const statuses = rng.shuffle<RequestStatus>([
    ...Array<RequestStatus>(doneCount).fill('done'),
    ...Array<RequestStatus>(cancelledCount).fill('cancelled'),
    ...Array<RequestStatus>(Math.max(0, count - doneCount - cancelledCount)).fill('open'),
  ]);
  const repeaters = rng.shuffle(residents);
  const firstCategory = new Map<string, HelpCategory>();

  return statuses.map((status, index): RequestSeed => {
    const resident =
      index < residents.length
        ? (residents[index] as ResidentSeed)
        : (repeaters[(index - residents.length) % repeaters.length] as ResidentSeed);
    let category = rng.weighted(weights);
    // A second request is usually for a different kind of help.
    for (let i = 0; i < 5 && firstCategory.get(resident.email) === category; i++) {
      category = rng.weighted(weights);
    }
    if (!firstCategory.has(resident.email)) firstCategory.set(resident.email, category);

    const urgency = rng.weighted<Urgency>(
      category === 'snow'
        ? [
            ['high', 30],
            ['normal', 60],
            ['low', 10],
          ]
        : [
            ['high', 8],
            ['normal', 67],
            ['low', 25],
          ],
    );
    const { start, duration } = drawTime(rng, category);
    const dayOffset = status === 'done' ? -rng.int(1, 7) : rng.int(1, 7);
    const createdMinutesAgo =
      status === 'done' ? (-dayOffset + rng.int(1, 3)) * 24 * 60 : rng.int(30, 72 * 60);
    const peopleNeeded =
      category === 'snow'
        ? rng.weighted([
            [1, 40],
            [2, 45],
            [3, 15],
          ])
        : category === 'weeding'
          ? rng.int(1, 2)
          : 1;
    return {
      idempotencyKey: `${SEED_REQUEST_KEY_PREFIX}${String(index + 1).padStart(4, '0')}`,
      residentEmail: resident.email,
      district: resident.district,
      address: resident.address,
      category,
      status,
      dayOffset,
      startMinute: start,
      durationMinutes: duration,
      asSoonAsPossible: category === 'snow' && urgency === 'high' && rng.chance(0.5),
      peopleNeeded,
      urgency,
      notes: rng.chance(0.8) ? rng.pick(NOTES[category]) : null,
      createdMinutesAgo,
    };
  });
}

export interface SeedRequestsOptions {
  requests: readonly RequestSeed[];
  residentIds: ReadonlyMap<string, string>;
  districtIds: ReadonlyMap<string, string>;
  today: JstDay;
  now: Date;
  onProgress?: OnProgress;
}

/**
 * Upserts requests by (created_by, idempotency_key). A re-run refreshes a seeded request (new
 * window in the coming days) only while it is still in its seeded status; requests that have
 * moved on in the demo (matched, cancelled…) are left alone, along with anything hanging off them.
 */
export async function seedRequests(
  db: DbOrTx,
  { requests, residentIds, districtIds, today, now, onProgress = noProgress }: SeedRequestsOptions,
): Promise<void> {
  let done = 0;
  for (const batch of chunk(requests, 50)) {
    const values = batch.map((r) => {
      const residentId = residentIds.get(r.residentEmail);
      const districtId = districtIds.get(r.district);
      if (!residentId || !districtId)
        throw new Error(`request ${r.idempotencyKey}: unknown resident or district`);
      return {
        residentId,
        createdBy: residentId,
        viaProxy: false,
        districtId,
        category: r.category,
        status: r.status,
        address: r.address,
        windowStart: jstInstant(today, r.dayOffset, r.startMinute),
        windowEnd: jstInstant(today, r.dayOffset, r.startMinute + r.durationMinutes),
        asSoonAsPossible: r.asSoonAsPossible,
        peopleNeeded: r.peopleNeeded,
        urgency: r.urgency,
        notes: r.notes,
        sensitiveNotes: null,
        sensitiveConsentAt: null,
        recurrence: null,
        idempotencyKey: r.idempotencyKey,
        createdAt: new Date(now.getTime() - r.createdMinutesAgo * 60_000),
      };
    });
    await db
      .insert(helpRequests)
      .values(values)
      .onConflictDoUpdate({
        target: [helpRequests.createdBy, helpRequests.idempotencyKey],
        targetWhere: sql`${helpRequests.idempotencyKey} is not null`,
        set: fromExcluded(helpRequests, [
          'residentId',
          'districtId',
          'category',
          'address',
          'windowStart',
          'windowEnd',
          'asSoonAsPossible',
          'peopleNeeded',
          'urgency',
          'notes',
          'createdAt',
        ]),
        setWhere: sql`${helpRequests.status} = excluded.status`,
      });
    done += batch.length;
    onProgress({ step: 'requests', done, total: requests.length });
  }
}
