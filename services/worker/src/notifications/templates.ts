/*
 * Over 400 lines on purpose: the wording of every notification event in ja and en (plain
 * Japanese for residents), rendered at send time; one place to read and proof all of it.
 */
import type { HelpCategory, Locale, NotificationEventType } from '@sasaeai/contracts';
import type { EditedField, MessageFacts } from '@sasaeai/db/notifications';
import { insuranceRenewalWording } from './insurance-templates.ts';

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

/** A moment (an offer's deadline). */
function at(language: Locale, moment: Date | null): string {
  if (!moment) return language === 'ja' ? 'もうすぐ' : 'soon';
  return whenFormat[language].format(moment);
}

const changedWords: Record<Locale, Record<EditedField, string>> = {
  ja: { window: '日時', peopleNeeded: '人数', notes: '頼みたい こと（メモ）' },
  en: { window: 'the date and time', peopleNeeded: 'how many helpers', notes: 'the notes' },
};

/** What an overdue call was to tell (the person is not named: a mail may be forwarded). */
function callWhat(language: Locale, facts: MessageFacts): string {
  const eventType = facts.overdueCall?.eventType;
  const words: Partial<Record<NotificationEventType, [string, string]>> = {
    'match.offered': ['ボランティアへの 依頼', 'an offer to a volunteer'],
    'offer.expiring': ['返事の ない 依頼', 'an unanswered offer'],
    'match.withdrawn': ['取り消しの 連絡', 'a cancellation'],
    'task.changed': ['内容の 変更', 'a change to a task'],
    'task.reminder': ['あしたの お手伝い', "tomorrow's task"],
    'thanks.received': ['お礼', 'a thank-you'],
    'match.accepted': ['手伝う 人が 決まった 連絡', 'a helper is coming'],
    'match.declined': ['もう一度 さがして いる 連絡', 'looking for another helper'],
  };
  const pair = eventType ? words[eventType] : undefined;
  if (!pair) return language === 'ja' ? 'お知らせ' : 'a notice';
  return language === 'ja' ? pair[0] : pair[1];
}

/**
 * Why a task was taken away: the resident or centre cancelled it, changed its time, or the
 * person a first-timer was to go with can no longer go (a first task is never done alone).
 */
function withdrawnWhy(language: Locale, facts: MessageFacts): string[] {
  if (facts.requestCancelled) {
    return [language === 'ja' ? '依頼が 取り消されました。' : 'The request was cancelled.'];
  }
  if (facts.partnerLeft) {
    return language === 'ja'
      ? [
          'いっしょに 行く 人が 行けなく なりました。はじめての 活動は ひとりに しません。',
          'いっしょに 行ける 人が 見つかったら、また お願いします。',
        ]
      : [
          'The person you were going with can no longer go, and a first task is never done alone.',
          'We will ask you again once someone can go with you.',
        ];
  }
  if (facts.changedFields.includes('window')) {
    return [
      language === 'ja'
        ? 'センターが 日時を 変えました。'
        : 'The centre changed the date and time.',
    ];
  }
  return [];
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
  'insurance.renewal_due': insuranceRenewalWording,
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
        `Could you help with ${what('en', facts)} in ${facts.districtNameEn ?? 'your district'}?`,
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
        ...withdrawnWhy('ja', facts),
        '行かなくて 大丈夫です。ありがとうございました。',
        `${links.baseUrl}/volunteer`,
      ],
    }),
    en: (facts, links) => ({
      subject: `Cancelled: ${what('en', facts)} (${when('en', facts)})`,
      lines: [
        `The ${what('en', facts)} on ${when('en', facts)} has been cancelled.`,
        ...withdrawnWhy('en', facts),
        'You do not need to go. Thank you.',
        `${links.baseUrl}/volunteer`,
      ],
    }),
  },
  'offer.expiring': {
    ja: (facts, links) => ({
      subject: `まだ お返事が ありません: ${what('ja', facts)}（${when('ja', facts)}）`,
      lines: [
        `${facts.districtName ?? ''}の ${what('ja', facts)}（${when('ja', facts)}）の 依頼に、`,
        `${at('ja', facts.offerExpiresAt)}までに 答えてください。`,
        'そのあとは ほかの 方に お願いします。',
        ...answerLines('ja', links),
      ],
    }),
    en: (facts, links) => ({
      subject: `Still open: ${what('en', facts)} (${when('en', facts)})`,
      lines: [
        `Please answer the request for ${what('en', facts)} (${when('en', facts)}) by ${at('en', facts.offerExpiresAt)}.`,
        'After that we will ask someone else.',
        ...answerLines('en', links),
      ],
    }),
  },
  'task.reminder': {
    ja: (facts, links) => ({
      subject: `あしたの お手伝い: ${what('ja', facts)}（${when('ja', facts)}）`,
      lines: [
        `あしたは ${facts.districtName ?? ''}で ${what('ja', facts)}の お手伝いです。`,
        `日時: ${when('ja', facts)}`,
        '住所と 連絡先は ページで 見られます。行けなく なったら 早めに 知らせてください。',
        `${links.baseUrl}/volunteer`,
      ],
    }),
    en: (facts, links) => ({
      subject: `Tomorrow: ${what('en', facts)} (${when('en', facts)})`,
      lines: [
        `Tomorrow you help with ${what('en', facts)} in ${facts.districtNameEn ?? 'your district'}.`,
        `When: ${when('en', facts)}`,
        'The address and contact are on your page. If you cannot go, please tell us early.',
        `${links.baseUrl}/volunteer`,
      ],
    }),
  },
  'task.changed': {
    ja: (facts, links) => ({
      subject: `お手伝いの 内容が 変わりました（${when('ja', facts)}）`,
      lines: [
        `${when('ja', facts)}の ${what('ja', facts)}の 内容を センターが 変えました。`,
        ...facts.changedFields.map((field) => `・${changedWords.ja[field]}`),
        'ページで 新しい 内容を 確認してください。',
        `${links.baseUrl}/volunteer`,
      ],
    }),
    en: (facts, links) => ({
      subject: `Changed: ${what('en', facts)} (${when('en', facts)})`,
      lines: [
        `The centre changed the ${what('en', facts)} on ${when('en', facts)}:`,
        ...facts.changedFields.map((field) => `- ${changedWords.en[field]}`),
        'Please check the details on your page.',
        `${links.baseUrl}/volunteer`,
      ],
    }),
  },
  'call.overdue': {
    ja: (facts, links) => ({
      subject: `【至急】まだ 電話が できていません: ${facts.districtName ?? ''}`,
      lines: [
        `${facts.districtName ?? ''}の 電話（${callWhat('ja', facts)}）が、${at('ja', facts.overdueCall?.since ?? null)}から まだです。`,
        '受付箱で 電話を して、「電話しました」を 押してください。',
        `${links.baseUrl}/coordinator/inbox`,
      ],
    }),
    en: (facts, links) => ({
      subject: `URGENT: a call is overdue in ${facts.districtNameEn ?? 'your district'}`,
      lines: [
        `A call (${callWhat('en', facts)}) has been waiting since ${at('en', facts.overdueCall?.since ?? null)}.`,
        'Please make it from the inbox and press "Called".',
        `${links.baseUrl}/coordinator/inbox`,
      ],
    }),
  },
  'proposals.waiting': {
    ja: (facts, links) => ({
      subject: `承認待ちの 提案: ${facts.districtName ?? ''} ${facts.proposalsWaiting ?? 0}件`,
      lines: [
        `${facts.districtName ?? ''}で ${facts.proposalsWaiting ?? 0}件の 提案が 承認を 待っています。`,
        `${links.baseUrl}/coordinator`,
      ],
    }),
    en: (facts, links) => ({
      subject: `Proposals waiting: ${facts.districtNameEn ?? ''} (${facts.proposalsWaiting ?? 0})`,
      lines: [
        `${facts.proposalsWaiting ?? 0} proposal(s) in ${facts.districtNameEn ?? 'your district'} are waiting for your approval.`,
        `${links.baseUrl}/coordinator`,
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
      subject: `URGENT: wellbeing concern in ${facts.districtNameEn ?? 'your district'}`,
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
      subject: `A request is waiting in your inbox: ${facts.districtNameEn ?? ''}`,
      lines: [
        `Nobody could be found for ${what('en', facts)} (${when('en', facts)}).`,
        `${links.baseUrl}/coordinator/inbox`,
      ],
    }),
  },
};

/** A resident's notice sent to their proxy contact says first whose notice it is. */
const forProxy: Record<
  Locale,
  { subject: (name: string) => string; lines: (name: string) => string[] }
> = {
  ja: {
    subject: (name) => `${name}さんへの お知らせ: `,
    lines: (name) => [`${name}さんへの お知らせです。`, `${name}さんに 伝えて ください。`, ''],
  },
  en: {
    subject: (name) => `For ${name}: `,
    lines: (name) => [`This notice is for ${name}.`, `Please pass it on to ${name}.`, ''],
  },
};

/**
 * The words of one notification in the person's language, rendered from current facts;
 * `proxyFor` names the resident when the message goes to their proxy contact.
 */
export function renderMessage(
  eventType: NotificationEventType,
  language: Locale,
  facts: MessageFacts,
  links: MessageLinks,
  proxyFor?: string,
): RenderedMessage {
  const { subject, lines } = wordings[eventType][language](facts, links);
  const preface = proxyFor === undefined ? null : forProxy[language];
  return {
    subject: preface ? `${preface.subject(proxyFor!)}${subject}` : subject,
    text: [
      ...(preface ? preface.lines(proxyFor!) : []),
      ...lines,
      '',
      '--',
      signature[language],
    ].join('\n'),
  };
}
