import {
  parsePartnerAccessChange,
  partnerAccessChannel,
} from '@pagefree/core/partners/access-changes';
import type { Logger } from '@pagefree/logger';
import type { Redis } from 'ioredis';
import { subscribeToChannel } from '../../node/channel-subscription.ts';
import type { PartnerAccessAnnouncements } from '../credential-cache.ts';

/**
 * Listens to partner access changes on a dedicated pub/sub connection. `live()` is true
 * only while subscribed. After a reconnect the channel is subscribed again and the
 * resubscribe listeners run, because changes announced during the gap are lost.
 */
export async function subscribeToPartnerAccessChanges(deps: {
  subscriber: Redis;
  prefix: string;
  logger: Logger;
}): Promise<PartnerAccessAnnouncements & { close(): Promise<void> }> {
  const changed: Array<(partnerId: string) => void> = [];
  const subscription = await subscribeToChannel({
    subscriber: deps.subscriber,
    channel: partnerAccessChannel(deps.prefix),
    logger: deps.logger,
    description: 'partner access changes',
    onMessage(message) {
      const change = parsePartnerAccessChange(message);
      if (!change) return;
      for (const listener of changed) listener(change.partnerId);
    },
  });
  return { ...subscription, onChanged: (listener) => changed.push(listener) };
}
