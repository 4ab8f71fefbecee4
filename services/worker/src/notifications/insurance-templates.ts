import { jstToday } from '@sasaeai/core';
import type { MessageFacts } from '@sasaeai/db/notifications';
import type { MessageLinks } from './templates.ts';

type Wording = (facts: MessageFacts, links: MessageLinks) => { subject: string; lines: string[] };

/** The centre's phone, when it has one, as the way to renew. */
function phoneLine(language: 'ja' | 'en', facts: MessageFacts): string[] {
  const phone = facts.insurance?.centrePhone;
  if (!phone) return [];
  return [language === 'ja' ? `センターの 電話: ${phone}` : `The centre's phone: ${phone}`];
}

/**
 * The renewal reminder for volunteer activity insurance, in plain words: when the cover ends
 * (or that there is none), that without it no requests come, and how to renew (the centre's
 * phone). The cover is read when the message is sent, so a renewal recorded in between shows.
 */
export const insuranceRenewalWording: Record<'ja' | 'en', Wording> = {
  ja: (facts, links) => {
    const until = facts.insurance?.coveredUntil;
    const covered = until !== null && until !== undefined && until >= jstToday();
    return {
      subject: 'ボランティア保険の 更新の お願い',
      lines: [
        covered
          ? `ボランティア保険は ${until ?? ''}で 終わります。`
          : 'いまは ボランティア保険に 入って いません。',
        '保険が ないと、お手伝いの 依頼が 届きません。',
        '冬の 雪かきの 前に、センターで 保険の 手続きを して ください。',
        ...phoneLine('ja', facts),
        `${links.baseUrl}/volunteer/profile`,
      ],
    };
  },
  en: (facts, links) => {
    const until = facts.insurance?.coveredUntil;
    const covered = until !== null && until !== undefined && until >= jstToday();
    return {
      subject: 'Please renew your volunteer insurance',
      lines: [
        covered
          ? `Your volunteer insurance ends on ${until ?? ''}.`
          : 'You have no volunteer insurance at the moment.',
        'Without it, no requests for help can be sent to you.',
        'Please renew it at the centre before the winter snow clearing.',
        ...phoneLine('en', facts),
        `${links.baseUrl}/volunteer/profile`,
      ],
    };
  },
};
