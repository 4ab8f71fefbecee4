import type { HelpCategory, MatchStatus, RequestStatus } from '@sasaeai/contracts';

/** Cells that name a code say it in Japanese, then the code (stable for sorting and filters). */
const CATEGORY_LABEL_JA: Record<HelpCategory, string> = {
  snow: '除雪',
  weeding: '除草',
  rubbish: 'ゴミ出し',
  shopping: '買い物',
  visit: '訪問',
  other: 'その他',
};
export const categoryCell = (code: HelpCategory) => `${CATEGORY_LABEL_JA[code]} / ${code}`;

const REQUEST_STATUS_JA: Record<RequestStatus, string> = {
  open: '受付',
  matching: 'マッチング中',
  proposed: '候補あり',
  approved: '承認済み',
  accepted: '引き受け済み',
  done: '完了',
  cancelled: '取消',
  unmatched: '未マッチ',
};
export const requestStatusCell = (code: RequestStatus) => `${REQUEST_STATUS_JA[code]} / ${code}`;

const MATCH_STATUS_JA: Record<MatchStatus, string> = {
  proposed: '候補',
  approved: '承認済み',
  offered: '依頼中',
  accepted: '引き受け',
  declined: '辞退',
  expired: '期限切れ',
  rejected: '不採用',
  cancelled: '取消',
  completed: '完了',
  no_show: '不在（来なかった）',
};
export const matchStatusCell = (code: MatchStatus) => `${MATCH_STATUS_JA[code]} / ${code}`;

/** A timestamp as Japan wall-clock text, for a select (drizzle returns raw timestamps as text). */
export const JST_MINUTE = 'YYYY-MM-DD HH24:MI';
