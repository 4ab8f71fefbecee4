/**
 * The help loop's words and shapes shared by pages and actions (browser-safe, no I/O): the
 * categories, statuses and score terms in the order pages show them, Japan-time formatting,
 * the time choices of the request form and the volunteer's weekly availability grid.
 */
import type {
  HelpCategory,
  Locale,
  MatchStatus,
  RequestStatus,
  ScoreTerm,
  Urgency,
  VolunteerReason,
} from '@sasaeai/contracts';
import { clockWordsOf, japanTimeWords } from './clock.ts';
import { t, type MessageKey } from './i18n/index.ts';

export const categories = [
  'snow',
  'weeding',
  'rubbish',
  'shopping',
  'visit',
  'other',
] as const satisfies readonly HelpCategory[];

/** Why a volunteer cannot take or keep a task, in the order the forms list them. */
export const volunteerReasons = [
  'schedule',
  'unwell',
  'too_far',
  'cannot_do',
  'other',
] as const satisfies readonly VolunteerReason[];

export const urgencies = ['low', 'normal', 'high'] as const satisfies readonly Urgency[];

export function isCategory(value: unknown): value is HelpCategory {
  return (categories as readonly unknown[]).includes(value);
}

export function isUrgency(value: unknown): value is Urgency {
  return (urgencies as readonly unknown[]).includes(value);
}

/** Request statuses after which nothing more happens. */
export const finalStatuses: readonly RequestStatus[] = ['done', 'cancelled'];

export const statusKey = (status: RequestStatus): MessageKey => `status.${status}`;
export const statusHelpKey = (status: RequestStatus): MessageKey => `statusHelp.${status}`;
export const matchStatusKey = (status: MatchStatus): MessageKey => `matchStatus.${status}`;
export const termKey = (term: ScoreTerm): MessageKey => `term.${term}`;

const unmatchedReasonKeys: Record<string, MessageKey> = {
  no_candidates: 'unmatched.no_candidates',
  too_many_refusals: 'unmatched.too_many_refusals',
  waited_too_long: 'unmatched.waited_too_long',
  no_show: 'unmatched.no_show',
  address_unplaced: 'unmatched.address_unplaced',
};
/** Why a request is in the inbox, in words; a reason this page does not know, never as a code. */
export const unmatchedReasonText = (tr: (key: MessageKey) => string, reason: string): string =>
  tr(unmatchedReasonKeys[reason] ?? 'unmatched.other');

// ---------------------------------------------------------------------------------------------
// Japan time

const TIME_ZONE = 'Asia/Tokyo';
const intlLocale: Record<Locale, string> = { ja: 'ja-JP', en: 'en-GB' };

function format(locale: Locale, iso: string, options: Intl.DateTimeFormatOptions): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale[locale], { timeZone: TIME_ZONE, ...options }).format(
    date,
  );
}

/** 「1月15日(木)」 / "Thu 15 January". */
export function formatDate(locale: Locale, iso: string): string {
  return format(locale, iso, { month: 'long', day: 'numeric', weekday: 'short' });
}

/** 「午前8時」「正午」 / "8:00 am", "noon": the one clock rule of `clock.ts`. */
export function formatTime(locale: Locale, iso: string): string {
  return japanTimeWords(locale, iso);
}

export function formatDateTime(locale: Locale, iso: string): string {
  return `${formatDate(locale, iso)} ${formatTime(locale, iso)}`;
}

/** 「2026年4月12日 午前10時5分」 / "12 April 2026, 10:05 am": records (audit, exports, reports). */
export function formatDateTimeWithYear(locale: Locale, iso: string): string {
  const day = format(locale, iso, { year: 'numeric', month: 'long', day: 'numeric' });
  return `${day}${locale === 'ja' ? ' ' : ', '}${formatTime(locale, iso)}`;
}

export { japanDate } from './japan-time.ts';

/** When help is wanted, in words: "as soon as possible" or the date and time window. */
export function formatWhen(
  locale: Locale,
  request: { asSoonAsPossible: boolean; windowStart: string; windowEnd: string },
): string {
  if (request.asSoonAsPossible) return t(locale, 'request.asap');
  return t(locale, 'request.window', {
    date: formatDate(locale, request.windowStart),
    from: formatTime(locale, request.windowStart),
    to: formatTime(locale, request.windowEnd),
  });
}

/** Hours a request window may start or end at (Japan time), as `HH:MM`. */
export const windowTimes = Array.from(
  { length: 16 },
  (_, i) => `${String(i + 6).padStart(2, '0')}:00`,
);

/** 「午前8時」「正午」「午後1時」 / "8:00 am", "noon", "1:00 pm" (the rule of `clock.ts`). */
export function clockLabel(locale: Locale, time: string): string {
  return clockWordsOf(locale, time);
}

// ---------------------------------------------------------------------------------------------
// The volunteer's week

/** Monday first, as Japanese calendars and people count the week (0 = Sunday, as the API). */
export const weekdays = [1, 2, 3, 4, 5, 6, 0] as const;

/**
 * The parts of a day the week grid offers. Early morning starts at 06:00 because a request may
 * (snow is cleared before people go to work); without it early snow clearing never matched.
 */
export const dayParts = [
  { id: 'early', from: '06:00', to: '08:00', label: 'profile.early' },
  { id: 'morning', from: '08:00', to: '12:00', label: 'profile.morning' },
  { id: 'afternoon', from: '12:00', to: '17:00', label: 'profile.afternoon' },
  { id: 'evening', from: '17:00', to: '21:00', label: 'profile.evening' },
] as const satisfies readonly { id: string; from: string; to: string; label: MessageKey }[];

export type DayPart = (typeof dayParts)[number]['id'];

/** The checkbox value of one cell of the week grid: `1-morning`. */
export const cellValue = (weekday: number, part: DayPart) => `${weekday}-${part}`;

export interface WeeklySlot {
  weekday: number;
  from: string;
  to: string;
}

/** The grid cells a list of weekly slots covers (a cell counts when a slot spans all of it). */
export function cellsOf(slots: readonly WeeklySlot[]): Set<string> {
  const cells = new Set<string>();
  for (const weekday of weekdays) {
    for (const part of dayParts) {
      const covered = slots.some(
        (slot) => slot.weekday === weekday && slot.from <= part.from && slot.to >= part.to,
      );
      if (covered) cells.add(cellValue(weekday, part.id));
    }
  }
  return cells;
}

/** Ticked cells back to slots, joining neighbouring parts of a day (06:00–17:00). */
export function slotsOf(cells: ReadonlySet<string>): WeeklySlot[] {
  const slots: WeeklySlot[] = [];
  for (const weekday of [0, 1, 2, 3, 4, 5, 6]) {
    let open: WeeklySlot | null = null;
    for (const part of dayParts) {
      if (cells.has(cellValue(weekday, part.id))) {
        if (open && open.to === part.from) open.to = part.to;
        else {
          open = { weekday, from: part.from, to: part.to };
          slots.push(open);
        }
      } else {
        open = null;
      }
    }
  }
  return slots;
}

/** Equipment the matcher recognises (stored in Japanese, as the seed and scoring use it). */
export const equipmentOptions = [
  { value: '除雪機', label: 'equipment.snowBlower' },
  { value: 'スノーダンプ', label: 'equipment.snowDump' },
  { value: 'スコップ', label: 'equipment.shovel' },
  { value: '草刈り機', label: 'equipment.mower' },
  { value: '軽トラック', label: 'equipment.truck' },
  { value: '車', label: 'equipment.car' },
] as const satisfies readonly { value: string; label: MessageKey }[];

/** An equipment item in the page's language (free-text items as typed). */
export function equipmentLabel(locale: Locale, value: string): string {
  const known = equipmentOptions.find((option) => option.value === value);
  return known ? t(locale, known.label) : value;
}
