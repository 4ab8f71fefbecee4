import type { HelpCategory, Locale, NotificationEventType } from '@sasaeai/contracts';
import type { MessageFacts } from '@sasaeai/db/notifications';

export interface RenderedMessage {
  subject: string;
  text: string;
}

/** Where links in a message point (the public address of the web app). */
export interface MessageLinks {
  baseUrl: string;
  /** A password-reset link's path, issued at send time (account.password_reset only). */
  passwordResetPath?: string;
  /** One-tap answers to an offer, issued at send time (match.offered only). */
  offerAcceptPath?: string;
  offerDeclinePath?: string;
}

/** The offer's one-tap lines when its links were issued, else the volunteer's page. */
function answerLines(language: Locale, links: MessageLinks): string[] {
  if (!links.offerAcceptPath || !links.offerDeclinePath) return [`${links.baseUrl}/volunteer`];
  return language === 'ja'
    ? [
        `引き受ける: ${links.baseUrl}${links.offerAcceptPath}`,
        `ことわる: ${links.baseUrl}${links.offerDeclinePath}`,
        'ログインは いりません。住所と 電話番号は 引き受けた あとに 表示されます。',
      ]
    : [
        `Accept: ${links.baseUrl}${links.offerAcceptPath}`,
        `Decline: ${links.baseUrl}${links.offerDeclinePath}`,
        'No log-in needed. The address and phone number are shown once you accept.',
      ];
}

const categoryWords: Record<Locale, Record<HelpCategory, string>> = {
  ja: {
    snow: '雪かき',
    weeding: '草とり',
    rubbish: 'ゴミ出し',
    shopping: '買い物',
    visit: 'おうちへの 訪問',
    other: 'お手伝い',
  },
  en: {
    snow: 'snow clearing',
    weeding: 'weeding',
    rubbish: 'a rubbish run',
    shopping: 'shopping',
    visit: 'a visit',
    other: 'some help',
  },
};

const whenFormat: Record<Locale, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Tokyo',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }),
};

const signature: Record<Locale, string> = {
  ja: 'ささえあい（地区ボランティアセンター）',
  en: 'Sasaeai (district volunteer centre)',
};

const untilFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Tokyo',
  hour: 'numeric',
  minute: '2-digit',
});

/** The window's start, and its end time when it ends the same day: `12月3日(木) 8:00〜11:00`. */
function when(language: Locale, facts: MessageFacts): string {
  if (!facts.windowStart) return language === 'ja' ? '（日時は ページで）' : '(see the page)';
  const start = whenFormat[language].format(facts.windowStart);
  const end = facts.windowEnd;
  if (!end || end.getTime() - facts.windowStart.getTime() >= 24 * 3_600_000) return start;
  return `${start}〜${untilFormat.format(end)}`;
}

function what(language: Locale, facts: MessageFacts): string {
  return categoryWords[language][facts.category ?? 'other'];
}

type Wording = (facts: MessageFacts, links: MessageLinks) => { subject: string; lines: string[] };

/**
 * Residents get やさしい日本語: short sentences, plain words, spaces between phrases.
 * Messages name no address, phone or note: they may be read on a shared screen or forwarded.
 */
const wordings: Record<NotificationEventType, Record<Locale, Wording>> = {
  'match.offered': {
    ja: (facts, links) => ({
      subject: `お手伝いの依頼: ${what('ja', facts)}（${when('ja', facts)}）`,
      lines: [
        `${facts.districtName ?? ''}で ${what('ja', facts)}の お手伝いを お願いできますか。`,
        `日時: ${when('ja', facts)}`,
        '受けるか どうか、答えてください。',
        ...answerLines('ja', links),
      ],
    }),
    en: (facts, links) => ({
      subject: `Can you help? ${what('en', facts)} (${when('en', facts)})`,
      lines: [
        `Could you help with ${what('en', facts)} in ${facts.districtName ?? 'your district'}?`,
        `When: ${when('en', facts)}`,
        'Please answer:',
        ...answerLines('en', links),
      ],
    }),
  },
  'match.withdrawn': {
    ja: (facts, links) => ({
      subject: `お手伝いは 取り消しに なりました（${when('ja', facts)}）`,
      lines: [
        `${when('ja', facts)}の ${what('ja', facts)}は 取り消しに なりました。`,
        '行かなくて 大丈夫です。ありがとうございました。',
        `${links.baseUrl}/volunteer`,
      ],
    }),
    en: (facts, links) => ({
      subject: `Cancelled: ${what('en', facts)} (${when('en', facts)})`,
      lines: [
        `The ${what('en', facts)} on ${when('en', facts)} has been cancelled.`,
        'You do not need to go. Thank you.',
        `${links.baseUrl}/volunteer`,
      ],
    }),
  },
  'thanks.received': {
    ja: (facts) => ({
      subject: 'ありがとうの メッセージが 届きました',
      lines: [`${what('ja', facts)}の お礼が 届きました。`, '', facts.thanksMessage ?? ''],
    }),
    en: (facts) => ({
      subject: 'You have a thank-you message',
      lines: [`A thank-you for ${what('en', facts)}:`, '', facts.thanksMessage ?? ''],
    }),
  },
  'match.accepted': {
    ja: (facts) => ({
      subject: 'てつだう 人が 決まりました',
      lines: [
        `${facts.helperName ?? 'ボランティア'}さんが ${what('ja', facts)}に 行きます。`,
        `日にち: ${when('ja', facts)}`,
        'わからない ことは センターに 電話 してください。',
      ],
    }),
    en: (facts) => ({
      subject: 'A helper is coming',
      lines: [
        `${facts.helperName ?? 'A volunteer'} will come for ${what('en', facts)}.`,
        `When: ${when('en', facts)}`,
        'Questions? Please call your volunteer centre.',
      ],
    }),
  },
  'match.declined': {
    ja: (facts) => ({
      subject: 'てつだう 人を もう一度 さがして います',
      lines: [
        `${what('ja', facts)}に 行く 予定の 人が 行けなく なりました。`,
        'いま ほかの 人を さがして います。',
        '見つかったら また お知らせ します。',
      ],
    }),
    en: (facts) => ({
      subject: 'We are looking for another helper',
      lines: [
        `The helper we had asked for ${what('en', facts)} cannot come.`,
        'We are looking for someone else now and will let you know.',
      ],
    }),
  },
  'concern.raised': {
    ja: (facts, links) => ({
      subject: `【至急】見守りの 連絡: ${facts.districtName ?? ''}`,
      lines: [
        `${facts.districtName ?? ''}の ${what('ja', facts)}（${when('ja', facts)}）で、`,
        'ボランティアが 利用者の 様子を 心配しています。',
        '内容を 確認して、連絡を とってください。',
        `${links.baseUrl}/coordinator/inbox`,
      ],
    }),
    en: (facts, links) => ({
      subject: `URGENT: wellbeing concern in ${facts.districtName ?? 'your district'}`,
      lines: [
        `After ${what('en', facts)} (${when('en', facts)}) a volunteer is worried about the resident.`,
        'Please read the note and get in touch.',
        `${links.baseUrl}/coordinator/inbox`,
      ],
    }),
  },
  'account.password_reset': {
    ja: (_facts, links) => ({
      subject: 'パスワードの 再設定',
      lines: [
        'パスワードを 新しく するには、1時間 以内に 次の ページを 開いて ください。',
        `${links.baseUrl}${links.passwordResetPath ?? '/password-reset'}`,
        '心当たりが ない ときは、この メールを 消して ください。',
      ],
    }),
    en: (_facts, links) => ({
      subject: 'Reset your password',
      lines: [
        'To choose a new password, open this page within an hour:',
        `${links.baseUrl}${links.passwordResetPath ?? '/password-reset'}`,
        'If you did not ask for this, you can delete this mail.',
      ],
    }),
  },
  'request.unmatched': {
    ja: (facts, links) => ({
      subject: `受付箱に 依頼が 届きました: ${facts.districtName ?? ''}`,
      lines: [
        `${facts.districtName ?? ''}の ${what('ja', facts)}（${when('ja', facts)}）に、`,
        '自動では ボランティアが 見つかりませんでした。',
        `${links.baseUrl}/coordinator/inbox`,
      ],
    }),
    en: (facts, links) => ({
      subject: `A request is waiting in your inbox: ${facts.districtName ?? ''}`,
      lines: [
        `Nobody could be found for ${what('en', facts)} (${when('en', facts)}).`,
        `${links.baseUrl}/coordinator/inbox`,
      ],
    }),
  },
};

/** The words of one notification in the person's language, rendered from current facts. */
export function renderMessage(
  eventType: NotificationEventType,
  language: Locale,
  facts: MessageFacts,
  links: MessageLinks,
): RenderedMessage {
  const { subject, lines } = wordings[eventType][language](facts, links);
  return { subject, text: [...lines, '', '--', signature[language]].join('\n') };
}
