export {
  startMailServer,
  type MailServer,
  type MailServerOptions,
  type ReceivedMail,
  type RecipientAnswer,
} from './mail-server.ts';
export { renderMailbox, startMailboxPage } from './mailbox-page.ts';
