import { PRIVACY_NOTICE_VERSION } from '@sasaeai/contracts';

/**
 * The privacy notice (APPI). Both languages appear on the page, Japanese first; a change of
 * wording that changes what people agree to needs a new PRIVACY_NOTICE_VERSION.
 */
export interface NoticeSection {
  heading: string;
  paragraphs: string[];
}

export interface PrivacyNotice {
  title: string;
  lead: string;
  sections: NoticeSection[];
}

export const privacyNoticeVersion = PRIVACY_NOTICE_VERSION;

/** Years after which a finished request loses its address and notes, unless a centre sets otherwise. */
export const defaultRetentionYears = 3;

export const privacyNotice: Record<'ja' | 'en', PrivacyNotice> = {
  ja: {
    title: '個人情報の あつかい',
    lead: 'ささえあいは、旭川市の 地区ボランティアセンターが 運営します。あなたの 情報は、手伝いを つなぐためだけに 使います。',
    sections: [
      {
        heading: '集める 情報',
        paragraphs: [
          'お名前、メールアドレス、電話番号、住所、手伝ってほしいことと その日時、メモ。',
          '体や 病気、障がいに ついての メモ（要配慮個人情報）は、あなたが 同意したときだけ 保存します。',
          'ボランティアの方は、できること、活動できる 曜日と 時間、活動した 記録。',
        ],
      },
      {
        heading: '使う 目的',
        paragraphs: [
          '手伝いが 必要な方と ボランティアを つなぐため、安否を 見守るため、活動の 数字（個人が わからない形）を 市に 報告するためです。ほかの 目的には 使いません。',
        ],
      },
      {
        heading: '見ることが できる人',
        paragraphs: [
          'あなたの 地区の センターの コーディネーター。',
          'ボランティアは、手伝いを 引き受けた あとに だけ、住所と 電話番号を 見られます。だれが いつ 見たかは 記録します。',
          '市の 担当者が 見るのは 数字だけで、お名前や 住所は 見ません。',
        ],
      },
      {
        heading: '保存する 期間',
        paragraphs: [
          `終わった 依頼の 住所と メモは、${String(defaultRetentionYears)}年たつと 消します（センターが 期間を 決めている 地区では その期間）。数字の ための 記録は、個人が わからない形で 残します。`,
        ],
      },
      {
        heading: 'ダウンロードと 削除',
        paragraphs: [
          'ログインして「アカウント」の ページから、自分の 情報を ダウンロード できます。',
          '同じ ページから 削除を 申し込めます。センターが 確認して、お名前・連絡先・住所・メモを 消します。',
        ],
      },
      {
        heading: 'お問い合わせ',
        paragraphs: [
          'お住まいの 地区の ボランティアセンター（電話 0166-00-0000、平日 9時〜17時）。',
        ],
      },
    ],
  },
  en: {
    title: 'How we handle your personal data',
    lead: 'Sasaeai is run by the district volunteer centres of Asahikawa. Your data is used only to arrange help.',
    sections: [
      {
        heading: 'What we collect',
        paragraphs: [
          'Your name, email address, phone number, address, what help you need and when, and notes.',
          'Notes about health or disability (special-care personal data) are kept only if you agree.',
          'For volunteers: what you can do, when you are available, and the help you gave.',
        ],
      },
      {
        heading: 'Why',
        paragraphs: [
          'To connect people who need help with volunteers, to keep an eye on residents’ wellbeing, and to report figures to the city in a form that identifies nobody. Nothing else.',
        ],
      },
      {
        heading: 'Who sees it',
        paragraphs: [
          'The coordinators of your district’s centre.',
          'A volunteer sees your address and phone number only after accepting your request. Who saw it and when is recorded.',
          'City staff see figures only, never names or addresses.',
        ],
      },
      {
        heading: 'How long we keep it',
        paragraphs: [
          `The address and notes of a finished request are erased after ${String(defaultRetentionYears)} years (or the period your district’s centre has set). Records for the figures stay, without anything that identifies you.`,
        ],
      },
      {
        heading: 'Download and deletion',
        paragraphs: [
          'Log in and open the “Account” page to download your data.',
          'On the same page you can ask for deletion. The centre checks and erases your name, contact details, address and notes.',
        ],
      },
      {
        heading: 'Contact',
        paragraphs: [
          'The volunteer centre of your district (phone 0166-00-0000, weekdays 9:00–17:00).',
        ],
      },
    ],
  },
};
