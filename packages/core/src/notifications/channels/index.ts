export { createEmailChannel, type EmailChannel, type EmailChannelOptions } from './email.ts';
export {
  type AllowedProtocol,
  assertPublicUrl,
  BlockedTargetError,
  type PublicUrlOptions,
} from './network-guard.ts';
export {
  createPushChannel,
  type PushChannel,
  type PushChannelOptions,
  type VapidKeys,
} from './push.ts';
export type { DeliveryResult, PageMessage, PushTarget, WebhookTarget } from './types.ts';
export {
  createWebhookChannel,
  signWebhookBody,
  type WebhookChannel,
  type WebhookChannelOptions,
} from './webhook.ts';
