import type { HelpCategory, NotificationEventType } from '@sasaeai/contracts';

/** What a coordinator needs to phone someone about one notice (no address, no phone). */
export interface CallScriptFacts {
  eventType: NotificationEventType;
  personName: string;
  category: HelpCategory | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  /** The helper as the resident may know them (match.accepted). */
  helperName: string | null;
}

/** Why the call is made, and what to say, in plain Japanese, a sentence a line. */
export interface CallScript {
  why: string;
  say: string[];
}

const categoryWords: Record<HelpCategory, string> = {
  snow: '雪かき',
  weeding: '草とり',
  rubbish: 'ゴミ出し',
  shopping: '買い物',
  visit: 'おうちへの 訪問',
  other: 'お手伝い',
};

const dayFormat = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
});
const timeFormat = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  hour: 'numeric',
  minute: '2-digit',
});

/** `12月4日(金) 8:00から 11:00まで`, said the way one speaks it. */
export function spokenWindow(start: Date | null, end: Date | null): string {
  if (!start) return 'お約束の 日';
  const day = dayFormat.format(start);
  const from = timeFormat.format(start);
  if (!end || end.getTime() - start.getTime() >= 24 * 3_600_000) return `${day} ${from}から`;
  return `${day} ${from}から ${timeFormat.format(end)}まで`;
}

/**
 * A short script for the call list: a greeting that checks who answered, one or two sentences
 * on what happened, and where to ask. Plain words (やさしい日本語), since many who are phoned are
 * elderly residents without a device.
 */
export function callScript(facts: CallScriptFacts): CallScript {
  const what = categoryWords[facts.category ?? 'other'];
  const when = spokenWindow(facts.windowStart, facts.windowEnd);
  const greeting = `${facts.personName}さんの お宅ですか。ささえあい（地区ボランティアセンター）です。`;
  const close = 'わからない ことが あったら、いつでも センターに 電話 してください。';
  const body = ((): CallScript => {
    switch (facts.eventType) {
      case 'match.offered':
        return {
          why: 'ボランティアの 方に、新しい お手伝いを お願いする 電話です。',
          say: [`${when}、${what}を お願い できますか。`, 'できるか どうか、お返事を ください。'],
        };
      case 'offer.expiring':
        return {
          why: 'お願いした お手伝いに、まだ お返事が ありません。',
          say: [`${when}の ${what}、お願い できますか。`, '今日 お返事が ほしいです。'],
        };
      case 'match.withdrawn':
        return {
          why: 'ボランティアの 方に、お手伝いが 取り消しに なったと 伝える 電話です。',
          say: [`${when}の ${what}は、取り消しに なりました。`, '行かなくて 大丈夫です。'],
        };
      case 'task.changed':
        return {
          why: 'お手伝いの 内容が 変わったと 伝える 電話です。',
          say: [`${when}の ${what}の 内容が 変わりました。`, '新しい 内容を お伝え します。'],
        };
      case 'task.reminder':
        return {
          why: 'あしたの お手伝いを 思い出して もらう 電話です。',
          say: [`あした、${when}に ${what}の お手伝いが あります。`, 'よろしく お願い します。'],
        };
      case 'thanks.received':
        return {
          why: '利用者の 方からの お礼を 伝える 電話です。',
          say: [`${what}の お礼の メッセージが 届きました。`, 'ありがとう ございました。'],
        };
      case 'match.accepted':
        return {
          why: '利用者の 方に、手伝う 人が 決まったと 伝える 電話です。',
          say: [
            `${facts.helperName ?? 'ボランティア'}さんが ${when}に ${what}に 行きます。`,
            'その 日は おうちに いて ください。',
          ],
        };
      case 'match.declined':
        return {
          why: '利用者の 方に、手伝う 人を もう一度 さがして いると 伝える 電話です。',
          say: [
            `${what}に 行く 予定の 人が 行けなく なりました。`,
            'いま ほかの 人を さがして います。見つかったら また 電話 します。',
          ],
        };
      case 'insurance.renewal_due':
        return {
          why: 'ボランティアの 方に、保険の 更新を お願いする 電話です。',
          say: [
            'ボランティア保険の 更新を お願いします。',
            '保険が ないと、お手伝いの 依頼が 届きません。',
          ],
        };
      default:
        return { why: 'お知らせを 伝える 電話です。', say: [] };
    }
  })();
  return { why: body.why, say: [greeting, ...body.say, close] };
}
