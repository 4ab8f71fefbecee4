export {
  issueOfferActionLinks,
  issueOfferActionLinksMany,
  issuePasswordResetLink,
  PASSWORD_RESET_TTL_MS,
} from './issue.ts';
export {
  ActionLinkError,
  checkActionToken,
  lockOfferActionToken,
  offerPurposes,
  useActionToken,
  type ActionLinkRefusal,
  type ActionToken,
} from './redeem.ts';
