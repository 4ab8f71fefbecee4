/** Help requests over FY2025, with their matches, thanks and concerns. */
import { FISCAL_YEAR } from './config.ts';
import { cumulativePicker, rngFor, type Rng } from './rng.ts';
import { DAY, HOUR, jst } from './time.ts';
import { insertRows, type Row, type StepContext } from './write.ts';

/** Relative request volume per month of the fiscal year (April first): winter is snow. */
const MONTH_WEIGHTS = [4, 5.5, 6, 5.5, 5, 4.5, 4.5, 7, 14, 17.5, 16, 10.5];
/** Two-hour windows a volunteer can be booked for (JST start hours). */
const SLOT_HOURS = [8, 10, 13, 15];

function categoryFor(rng: Rng, month: number) {
  // month: 1–12 calendar month
  const winter = month === 12 || month <= 3;
  const shoulder = month === 11 || month === 4;
  const table: [string, number][] = winter
    ? [
        ['snow', 78],
        ['rubbish', 8],
        ['shopping', 7],
        ['visit', 5],
        ['other', 2],
      ]
    : shoulder
      ? [
          ['snow', 22],
          ['weeding', 10],
          ['rubbish', 25],
          ['shopping', 20],
          ['visit', 15],
          ['other', 8],
        ]
      : [
          ['weeding', 38],
          ['rubbish', 22],
          ['shopping', 18],
          ['visit', 14],
          ['other', 8],
        ];
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [value, w] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table[0]![0];
}

const MINUTES: Record<string, [number, number]> = {
  snow: [30, 150],
  weeding: [60, 180],
  rubbish: [10, 30],
  shopping: [30, 90],
  visit: [30, 75],
  other: [20, 120],
};

const THANKS_MESSAGES = [
  'ありがとうございました。助かりました。',
  '雪が多くて困っていました。本当にありがとう。',
  'またお願いします。',
  '丁寧にしていただき感謝しています。',
  'おかげで安心して外に出られます。',
];

const CONCERN_NOTES = [
  '以前より元気がない様子でした。',
  '灯油が少なくなっていると話していました。',
  '足元がふらついていました。',
  null,
];

/** Requests, matches (declined, expired, completed, cancelled …), thanks and concerns. */
export async function generateRequests(
  { sql, seed, scale, log, step }: StepContext,
  {
    fyStart,
    residentIds,
    residentDistrict,
    residentProfiles,
    servingByDistrict,
    volunteerKind,
    coordinatorOf,
  }: {
    fyStart: Date;
    residentIds: readonly string[];
    residentDistrict: readonly string[];
    residentProfiles: readonly Row[];
    servingByDistrict: Map<string, string[]>;
    volunteerKind: Map<string, 'individual' | 'group'>;
    coordinatorOf: Map<string, string>;
  },
) {
  const rngQ = rngFor(seed, 'requests');
  // Days of the fiscal year, weighted by month and by snowstorms in winter.
  const days: { y: number; m: number; d: number; storm: boolean }[] = [];
  const dayWeights: number[] = [];
  for (let t = fyStart.getTime() + 9 * HOUR; ; t += DAY) {
    const date = new Date(t);
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + 1;
    const d = date.getUTCDate();
    if (y === FISCAL_YEAR + 1 && m === 4) break;
    const monthIndex = (m + 8) % 12;
    const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const winter = m === 12 || m <= 3 || m === 11;
    const storm = winter && rngQ.chance(0.12);
    days.push({ y, m, d, storm });
    dayWeights.push(((MONTH_WEIGHTS[monthIndex] ?? 1) / daysInMonth) * (storm ? 4 : 1));
  }
  const pickDay = cumulativePicker(dayWeights);
  // Some residents ask all winter long; most ask a few times.
  const pickResident = cumulativePicker(residentIds.map(() => 0.2 + rngQ.next() ** 3 * 10));
  const bookedSlots = new Map<string, Set<string>>();
  const requests: Row[] = [];
  const matchRows: Row[] = [];
  const thanksRows: Row[] = [];
  const concernRows: Row[] = [];
  const requestsByStatus: Record<string, number> = {};
  let completedMatches = 0;
  let minutesGiven = 0;
  const fyEnd = jst(FISCAL_YEAR + 1, 4, 1).getTime();
  const range = (a: Date, b: Date) => `[${a.toISOString()},${b.toISOString()})`;

  const book = (districtId: string, slotKey: string, taken: Set<string>): string | null => {
    const serving = servingByDistrict.get(districtId)!;
    if (serving.length === 0) return null;
    for (let attempt = 0; attempt < 12; attempt++) {
      const candidate = rngQ.pick(serving);
      if (taken.has(candidate)) continue;
      if (volunteerKind.get(candidate) === 'individual') {
        const slots = bookedSlots.get(candidate) ?? new Set<string>();
        if (slots.has(slotKey)) continue;
        slots.add(slotKey);
        bookedSlots.set(candidate, slots);
      }
      taken.add(candidate);
      return candidate;
    }
    return null;
  };

  for (let i = 0; i < scale.requests; i++) {
    const dayIndex = pickDay(rngQ);
    const day = days[dayIndex]!;
    const residentIndex = pickResident(rngQ);
    const residentId = residentIds[residentIndex]!;
    const districtId = residentDistrict[residentIndex]!;
    const category = categoryFor(rngQ, day.m);
    const createdAt = new Date(
      jst(day.y, day.m, day.d, 6).getTime() + Math.floor(rngQ.next() * 15 * HOUR),
    );
    const viaProxy = rngQ.chance(0.18);
    // The window: one of the four two-hour slots, one to four days later.
    const slotIndex = rngQ.int(0, SLOT_HOURS.length - 1);
    const windowDayIndex = dayIndex + rngQ.int(1, 4);
    const windowStart = new Date(
      jst(day.y, day.m, day.d, SLOT_HOURS[slotIndex]!).getTime() +
        (windowDayIndex - dayIndex) * DAY,
    );
    const windowEnd = new Date(windowStart.getTime() + 2 * HOUR);
    const slotKey = `${windowDayIndex}:${slotIndex}`;
    const peopleNeeded =
      category === 'snow' ? (rngQ.chance(0.8) ? 1 : rngQ.chance(0.75) ? 2 : 3) : 1;
    // Outcome: storms leave more requests unmatched; late March ones may still be accepted.
    const lateMarch = windowStart.getTime() > fyEnd - 6 * DAY;
    const roll = rngQ.next();
    let status: string;
    if (lateMarch && roll < 0.15) status = 'accepted';
    else if (roll < (day.storm ? 0.12 : 0.07)) status = 'unmatched';
    else if (roll < (day.storm ? 0.21 : 0.16)) status = 'cancelled';
    else status = 'done';
    const id = rngQ.uuid();
    // Hours to the first proposal: log-normal, slower in storms; before the window.
    const hoursToMatch = Math.min(
      Math.exp(Math.log(day.storm ? 6 : 2.5) + 1.1 * rngQ.normal()),
      (windowStart.getTime() - createdAt.getTime()) / HOUR - 1,
    );
    let lastChange = createdAt;
    const taken = new Set<string>();
    const matched =
      status === 'done' || status === 'accepted' || rngQ.chance(status === 'cancelled' ? 0.5 : 0.4);
    if (matched) {
      let proposedAt = new Date(createdAt.getTime() + Math.max(0.05, hoursToMatch) * HOUR);
      const places = status === 'cancelled' ? 1 : peopleNeeded;
      for (let slot = 0; slot < places; slot++) {
        // Declined or expired offers before the one that sticks.
        const refusals =
          status === 'unmatched' ? rngQ.int(1, 3) : rngQ.chance(0.3) ? rngQ.int(1, 2) : 0;
        for (let r = 0; r < refusals; r++) {
          const volunteerId = rngQ.pick(servingByDistrict.get(districtId)!);
          if (!volunteerId || taken.has(volunteerId)) continue;
          taken.add(volunteerId);
          const offeredAt = new Date(proposedAt.getTime() + rngQ.int(5, 60) * 60_000);
          const expired = rngQ.chance(0.35);
          const respondedAt = expired
            ? null
            : new Date(offeredAt.getTime() + rngQ.int(10, 300) * 60_000);
          const updated = respondedAt ?? new Date(offeredAt.getTime() + 12 * HOUR);
          matchRows.push({
            id: rngQ.uuid(),
            request_id: id,
            volunteer_id: volunteerId,
            slot,
            status: expired ? 'expired' : 'declined',
            score: Math.round(rngQ.next() * 100) / 100,
            booked_during: range(windowStart, windowEnd),
            exclusive: volunteerKind.get(volunteerId) === 'individual',
            decided_by: coordinatorOf.get(districtId)!,
            offered_at: offeredAt,
            offer_expires_at: new Date(offeredAt.getTime() + 12 * HOUR),
            responded_at: respondedAt,
            completed_at: null,
            minutes_spent: null,
            concern_raised: false,
            created_at: proposedAt,
            updated_at: updated,
          });
          if (updated > lastChange) lastChange = updated;
          proposedAt = new Date(updated.getTime() + rngQ.int(5, 120) * 60_000);
        }
        if (status === 'unmatched') break;
        const volunteerId = book(districtId, slotKey, taken);
        if (!volunteerId) continue;
        const offeredAt = new Date(proposedAt.getTime() + rngQ.int(5, 60) * 60_000);
        const respondedAt = new Date(offeredAt.getTime() + rngQ.int(10, 300) * 60_000);
        const matchId = rngQ.uuid();
        const matchStatus =
          status === 'done' ? 'completed' : status === 'cancelled' ? 'cancelled' : 'accepted';
        const [lo, hi] = MINUTES[category]!;
        const minutes = matchStatus === 'completed' ? rngQ.int(lo, hi) : null;
        const completedAt =
          matchStatus === 'completed'
            ? new Date(windowEnd.getTime() - rngQ.int(0, 60) * 60_000)
            : null;
        const concern = matchStatus === 'completed' && rngQ.chance(0.025);
        const updated = completedAt ?? respondedAt;
        matchRows.push({
          id: matchId,
          request_id: id,
          volunteer_id: volunteerId,
          slot,
          status: matchStatus,
          score: Math.round(rngQ.next() * 100) / 100,
          booked_during: range(windowStart, windowEnd),
          exclusive: volunteerKind.get(volunteerId) === 'individual',
          decided_by: coordinatorOf.get(districtId)!,
          offered_at: offeredAt,
          offer_expires_at: new Date(offeredAt.getTime() + 12 * HOUR),
          responded_at: respondedAt,
          completed_at: completedAt,
          minutes_spent: minutes,
          concern_raised: concern,
          created_at: proposedAt,
          updated_at: updated,
        });
        if (updated > lastChange) lastChange = updated;
        if (matchStatus === 'completed') {
          completedMatches++;
          minutesGiven += minutes!;
          if (rngQ.chance(0.45)) {
            thanksRows.push({
              id: rngQ.uuid(),
              match_id: matchId,
              request_id: id,
              from_user_id: residentId,
              to_user_id: volunteerId,
              message: rngQ.pick(THANKS_MESSAGES),
              created_at: new Date(completedAt!.getTime() + rngQ.int(1, 72) * HOUR),
            });
          }
          if (concern) {
            const followed = rngQ.chance(0.8);
            concernRows.push({
              id: rngQ.uuid(),
              match_id: matchId,
              request_id: id,
              district_id: districtId,
              raised_by: volunteerId,
              note: rngQ.pick(CONCERN_NOTES),
              status: followed ? 'closed' : 'open',
              followed_up_by: followed ? coordinatorOf.get(districtId)! : null,
              followed_up_at: followed ? new Date(completedAt!.getTime() + 2 * DAY) : null,
              created_at: completedAt,
            });
          }
        }
        proposedAt = new Date(proposedAt.getTime() + rngQ.int(0, 90) * 60_000);
      }
    }
    requestsByStatus[status] = (requestsByStatus[status] ?? 0) + 1;
    requests.push({
      id,
      resident_id: residentId,
      created_by: viaProxy ? coordinatorOf.get(districtId)! : residentId,
      via_proxy: viaProxy,
      district_id: districtId,
      category,
      status,
      address: residentProfiles[residentIndex]!.address ?? null,
      window_start: windowStart,
      window_end: windowEnd,
      as_soon_as_possible: category === 'snow' && rngQ.chance(0.6),
      people_needed: peopleNeeded,
      urgency: rngQ.chance(0.1) ? 'high' : rngQ.chance(0.2) ? 'low' : 'normal',
      notes: rngQ.chance(0.3) ? '玄関から道路まで' : null,
      unmatched_reason:
        status === 'unmatched' ? (taken.size > 0 ? 'too_many_refusals' : 'no_candidates') : null,
      matching_since: createdAt,
      created_at: createdAt,
      updated_at: lastChange,
    });
  }
  log(
    `requests: ${requests.length}, matches: ${matchRows.length}, thanks: ${thanksRows.length}, concerns: ${concernRows.length}`,
  );
  step('requests (in memory)');
  await insertRows(sql, 'help_requests', requests, log);
  step('help_requests');
  await insertRows(sql, 'matches', matchRows, log);
  step('matches');
  await insertRows(sql, 'thanks', thanksRows, log);
  await insertRows(sql, 'concerns', concernRows, log);
  step('thanks + concerns');
  return {
    requests,
    matchRows,
    thanksRows,
    concernRows,
    requestsByStatus,
    completedMatches,
    minutesGiven,
  };
}
