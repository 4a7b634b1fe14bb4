import { NotFoundError, UnavailableError, ValidationError } from '@pagefree/core/shared/errors';
import { confirmSubscription } from '@pagefree/core/status-pages/subscribers/confirm-subscription';
import {
  type SubscribeDeps,
  subscribeByEmail,
  subscribeWebhook,
} from '@pagefree/core/status-pages/subscribers/subscribe';
import { unsubscribe } from '@pagefree/core/status-pages/subscribers/unsubscribe';
import {
  type SubscriptionGateway,
  SubscriptionInputError,
  SubscriptionPageNotFoundError,
  SubscriptionUnavailableError,
} from '../data/subscription-gateway.ts';

/** Creates the subscription write path on Node: core services over the database and the status queue. */
export function createSubscriptionGateway(deps: SubscribeDeps): SubscriptionGateway {
  const translate = (error: unknown): never => {
    if (error instanceof ValidationError) {
      throw new SubscriptionInputError(error.field, error.message.replace(`${error.field}: `, ''));
    }
    if (error instanceof NotFoundError) throw new SubscriptionPageNotFoundError();
    if (error instanceof UnavailableError) {
      throw new SubscriptionUnavailableError(error.message, { cause: error });
    }
    throw error;
  };

  return {
    async subscribeEmail(input) {
      await subscribeByEmail(deps, input).catch(translate);
    },
    async subscribeWebhook(input) {
      return subscribeWebhook(deps, input).catch(translate);
    },
    async confirm(input) {
      try {
        await confirmSubscription(deps, input);
        return 'confirmed';
      } catch (error) {
        if (error instanceof NotFoundError) return 'invalid';
        throw error;
      }
    },
    async unsubscribe(input) {
      try {
        await unsubscribe(deps, input);
        return 'unsubscribed';
      } catch (error) {
        if (error instanceof NotFoundError) return 'invalid';
        throw error;
      }
    },
  };
}
