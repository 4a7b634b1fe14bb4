/** Incident details that every channel sends when it pages someone. */
export interface PageMessage {
  incidentId: string;
  incidentNumber: string;
  title: string;
  severity: string;
  priority: string;
  status: string;
  serviceName: string;
  /** Link to the incident in the console. */
  url: string;
  /** Token that acknowledges the incident without a session, used by push actions. Null when none was issued. */
  ackToken: string | null;
}

/**
 * Outcome of one delivery attempt. Channels return failures instead of throwing, so the
 * caller decides about retries from `retryable` alone.
 */
export type DeliveryResult =
  | { ok: true; detail?: string }
  | {
      ok: false;
      retryable: boolean;
      error: string;
      /** The target is permanently gone (push 404/410): the caller deletes it. */
      gone?: boolean;
    };

/** A browser push subscription as stored: endpoint URL plus the base64url keys from the browser. */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
  /** Fingerprint of the VAPID key the browser subscribed with; null or absent means the current key. */
  vapidFingerprint?: string | null;
}

/** A webhook endpoint and the shared secret its requests are signed with. */
export interface WebhookTarget {
  url: string;
  secret: string;
}
