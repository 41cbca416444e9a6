export * from './app';
export * from './schema';
/** Under the name every subgraph exports it: the schema generator finds it from the list of subgraphs in @lianxin/config. */
export { buildMembersSubgraph as buildServiceSubgraph } from './schema';
export * from './entities';
export { migrations } from './migrations';
export { fileOfMarkedMember } from './hardship/hardship.service';
export { configurePii, piiHash, piiHashes, decryptPii, isEncrypted } from './member/member.pii';
export { loadWebhookSettings, startNotificationDispatch, type WebhookBody, type WebhookSettings } from './notification/notification.webhook';
export { WEBHOOK_TOPIC } from './notification/notification.service';
