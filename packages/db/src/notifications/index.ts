export {
  matchesStillProposed,
  planNotifications,
  planNotificationsForEvents,
  type NotificationPlan,
} from './plan.ts';
export {
  dueTimes,
  fanOutDueNotifications,
  fanOutNotifications,
  templateFor,
  type DueNotification,
} from './fan-out.ts';
export {
  addressOn,
  channelsFor,
  loadReach,
  recipientsOn,
  releaseTimeFor,
  SNOW_OFFERS_FROM_HOUR,
  type PersonReach,
  type Recipient,
} from './reach.ts';
export {
  claimNotification,
  claimNotificationBatch,
  endNotificationAndFallBack,
  markNotificationSent,
  markNotificationsSent,
  overdueNotifications,
  scheduleNotificationRetry,
  type NotificationRow,
} from './delivery.ts';
export {
  loadMessageFacts,
  loadMessageFactsFor,
  helperNameOf,
  type EditedField,
  type MessageFacts,
} from './message-facts.ts';
export {
  planScheduledNotifications,
  planExpiringOffers,
  planEveningReminders,
  planProposalDigests,
  planOverdueCalls,
  CALL_OVERDUE_PREFIX,
  defaultScheduledNoticeSettings,
  type ScheduledNoticeSettings,
} from './scheduled.ts';
export {
  planInsuranceRenewals,
  INSURANCE_RENEWAL_PREFIX,
  type InsuranceFacts,
} from './insurance-renewals.ts';
