import type { Logger } from '@pagefree/logger';
import type { Redis } from 'ioredis';

/** A subscription to one Redis pub/sub channel that re-subscribes after a reconnect. */
export interface ChannelSubscription {
  /** True only while subscribed. */
  live(): boolean;
  /** Adds a listener run after each re-subscription, because messages sent in the gap are lost. */
  onResubscribed(listener: () => void): void;
  close(): Promise<void>;
}

/**
 * Subscribes `subscriber`, a dedicated pub/sub connection, to `channel` and passes each
 * message to `onMessage`. After a reconnect the channel is subscribed again.
 */
export async function subscribeToChannel(deps: {
  subscriber: Redis;
  channel: string;
  logger: Logger;
  /** What the channel carries, for the failure log line, e.g. "snapshot announcements". */
  description: string;
  onMessage(message: string): void;
}): Promise<ChannelSubscription> {
  const resubscribed: Array<() => void> = [];
  let live = false;
  let everSubscribed = false;

  deps.subscriber.on('message', (from: string, message: string) => {
    if (from === deps.channel) deps.onMessage(message);
  });
  const markDown = () => {
    live = false;
  };
  deps.subscriber.on('close', markDown);
  deps.subscriber.on('reconnecting', markDown);
  deps.subscriber.on('end', markDown);

  const subscribe = async () => {
    try {
      await deps.subscriber.subscribe(deps.channel);
    } catch (error) {
      deps.logger.warn(
        { err: error, channel: deps.channel },
        `Subscribing to ${deps.description} failed`,
      );
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
    onResubscribed: (listener) => resubscribed.push(listener),
    close: async () => {
      live = false;
      await deps.subscriber.quit().catch(() => undefined);
    },
  };
}
