import {
  parsePartnerAccessChange,
  partnerAccessChannel,
} from '@pagefree/core/partners/access-changes';
import type { Logger } from '@pagefree/logger';
import type { Redis } from 'ioredis';
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
  const channel = partnerAccessChannel(deps.prefix);
  const changed: Array<(partnerId: string) => void> = [];
  const resubscribed: Array<() => void> = [];
  let live = false;
  let everSubscribed = false;

  deps.subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    const change = parsePartnerAccessChange(message);
    if (!change) return;
    for (const listener of changed) listener(change.partnerId);
  });
  const markDown = () => {
    live = false;
  };
  deps.subscriber.on('close', markDown);
  deps.subscriber.on('reconnecting', markDown);
  deps.subscriber.on('end', markDown);

  const subscribe = async () => {
    try {
      await deps.subscriber.subscribe(channel);
    } catch (error) {
      deps.logger.warn({ err: error }, 'Subscribing to partner access changes failed');
      return;
    }
    live = true;
    if (everSubscribed) {
      for (const listener of resubscribed) listener();
    }
    everSubscribed = true;
  };
  deps.subscriber.on('ready', () => {
    if (everSubscribed) void subscribe();
  });
  await subscribe();

  return {
    live: () => live,
    onChanged: (listener) => changed.push(listener),
    onResubscribed: (listener) => resubscribed.push(listener),
    close: async () => {
      live = false;
      await deps.subscriber.quit().catch(() => undefined);
    },
  };
}
