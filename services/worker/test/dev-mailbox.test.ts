import { startMailboxPage, startMailServer } from '@sasaeai/dev-mail';
import { describe, expect, it } from 'vitest';
import { createEmailChannel } from '../src/notifications/email-channel.ts';

describe('the development mailbox (npm start)', () => {
  it('keeps what the worker sends and shows it on its page, escaped', async () => {
    const mail = await startMailServer();
    const page = await startMailboxPage({ mails: mail.mails });
    const channel = createEmailChannel({ smtpUrl: mail.url, from: 'ささえあい <no-reply@x.test>' });
    try {
      const result = await channel.send({
        notificationId: '00000000-0000-4000-8000-000000000001',
        to: 'volunteer@example.test',
        subject: 'お手伝いの依頼 <b>雪かき</b>',
        text: '日時: 12月4日(金) 9:00\nhttp://localhost:3000/volunteer',
      });
      expect(result).toEqual({
        outcome: 'sent',
        providerMessageId: '<00000000-0000-4000-8000-000000000001@sasaeai.notifications>',
      });

      const html = await (await fetch(`http://127.0.0.1:${page.port}/`)).text();
      expect(html).toContain('お手伝いの依頼 &lt;b&gt;雪かき&lt;/b&gt;');
      expect(html).toContain('http://localhost:3000/volunteer');
      const json = (await (await fetch(`http://127.0.0.1:${page.port}/mails.json`)).json()) as {
        envelopeTo: string[];
        subject: string;
      }[];
      expect(json).toEqual([expect.objectContaining({ envelopeTo: ['volunteer@example.test'] })]);
    } finally {
      channel.close?.();
      await page.close();
      await mail.close();
    }
  });

  it('answers a refused recipient with the code it was given', async () => {
    const mail = await startMailServer({
      answerRecipient: (address) =>
        address.startsWith('busy') ? { code: 421, message: 'try later' } : undefined,
    });
    const channel = createEmailChannel({ smtpUrl: mail.url, from: 'no-reply@x.test' });
    try {
      const message = { notificationId: 'n', subject: 's', text: 't' };
      expect(await channel.send({ ...message, to: 'busy@example.test' })).toEqual({
        outcome: 'retry',
        reason: 'smtp 421',
      });
      expect(await channel.send({ ...message, to: null })).toEqual({
        outcome: 'permanent',
        reason: 'no address',
      });
      expect(mail.mails).toHaveLength(0);
    } finally {
      channel.close?.();
      await mail.close();
    }
  });
});
