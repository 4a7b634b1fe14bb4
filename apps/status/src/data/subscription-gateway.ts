/**
 * The status site's write path: subscribing, confirming and unsubscribing. The Node
 * implementation calls the core services with the database. It stays behind this
 * interface, so the routes stay free of database and Node APIs.
 */
export interface SubscriptionGateway {
  /** Sends a double opt-in email; the outcome never reveals whether the address was known. */
  subscribeEmail(input: SubscribeInput & { email: string }): Promise<void>;
  /** Returns the signing secret, shown to the subscriber once. */
  subscribeWebhook(input: SubscribeInput & { url: string }): Promise<{ secret: string }>;
  confirm(input: TokenInput): Promise<'confirmed' | 'invalid'>;
  unsubscribe(input: TokenInput): Promise<'unsubscribed' | 'invalid'>;
}

export interface SubscribeInput {
  slug: string;
  componentIds: string[];
  ip: string | null;
}

export interface TokenInput {
  slug: string;
  token: string;
  ip: string | null;
}

/** A form value was rejected; `field` names the input, and `message` is shown next to it. */
export class SubscriptionInputError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'SubscriptionInputError';
    this.field = field;
  }
}

/** The page cannot be subscribed to (unknown, or private). */
export class SubscriptionPageNotFoundError extends Error {
  constructor() {
    super('Status page not found.');
    this.name = 'SubscriptionPageNotFoundError';
  }
}

/** The subscription could not be stored or queued; the visitor should try again later. */
export class SubscriptionUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SubscriptionUnavailableError';
  }
}
