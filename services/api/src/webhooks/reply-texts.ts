import type { Locale } from '@sasaeai/contracts';

/** What an inbound message came to, which decides the answer sent back. */
export type ReplyOutcome =
  | 'accepted'
  | 'declined'
  | 'unknown_sender'
  | 'no_offer'
  | 'late'
  | 'already_accepted'
  | 'already_declined'
  | 'unclear'
  | 'refused'
  | 'linked'
  | 'link_invalid';

/**
 * The answer to every inbound message: nothing is dropped silently. Short, plain words
 * (やさしい日本語), never an address or a phone number (an SMS can be read by anyone nearby).
 */
export function replyText(outcome: ReplyOutcome, language: Locale, baseUrl: string): string {
  const page = `${baseUrl}/volunteer`;
  const ja: Record<ReplyOutcome, string> = {
    accepted: `ありがとうございます。お手伝いを 引き受けました。住所と 電話番号は ここで 見られます: ${page}`,
    declined: 'わかりました。この お手伝いは ことわりました。また よろしく おねがいします。',
    unknown_sender:
      'この 番号（アカウント）は ささえあいに 登録されていません。ボランティアセンターに 電話してください。',
    no_offer: 'いま 答えを 待っている お手伝いの 依頼は ありません。',
    late: `この 依頼は もう しめきりました（時間が すぎたか、取り消されました）。ほかの 依頼は ここで 見られます: ${page}`,
    already_accepted: `この お手伝いは もう 引き受けて います。ありがとうございます。住所と 時間は ここで 見られます: ${page}`,
    already_declined: `この お手伝いは もう ことわって います。ほかの 依頼は ここで 見られます: ${page}`,
    unclear:
      '答えが わかりませんでした。引き受けるなら「1」、ことわるなら「2」だけを 送ってください。',
    refused: `いまは この 依頼に 答えられません。ボランティアセンターに 聞いてください: ${page}`,
    linked: 'LINE と ささえあいの アカウントが つながりました。これから LINE で お知らせします。',
    link_invalid:
      'コードが ちがうか、期限が すぎました。アカウントの ページで 新しい コードを 出してください。',
  };
  const en: Record<ReplyOutcome, string> = {
    accepted: `Thank you, you have accepted the task. The address and phone number are here: ${page}`,
    declined: 'Understood: you have declined this task. Thank you.',
    unknown_sender:
      'This number (account) is not registered with Sasaeai. Please call your volunteer centre.',
    no_offer: 'There is no offer waiting for your answer right now.',
    late: `This offer has closed (it expired or was withdrawn). Other tasks are here: ${page}`,
    already_accepted: `You have already accepted this task. Thank you. The address and time are here: ${page}`,
    already_declined: `You have already declined this task. Other tasks are here: ${page}`,
    unclear: 'Sorry, we did not understand. Send just "1" to accept or "2" to decline.',
    refused: `You cannot answer this offer right now. Please ask your volunteer centre: ${page}`,
    linked: 'Your LINE is now linked to your Sasaeai account. We will notify you here.',
    link_invalid: 'That code is wrong or has expired. Show a new one on your account page.',
  };
  return (language === 'en' ? en : ja)[outcome];
}
