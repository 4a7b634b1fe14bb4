import { createTransport, type NodemailerError } from 'nodemailer';
import type { DeliveryResult } from '../../notifications/channels/types.ts';

export interface SubscriberEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** One-click unsubscribe URL (RFC 8058); null for mail that is not a notice, like the opt-in. */
  unsubscribeUrl: string | null;
}

export interface SubscriberMailer {
  send(email: SubscriberEmail): Promise<DeliveryResult>;
  close(): void;
}

const NETWORK_ERROR_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS']);

/**
 * Sends status notices over SMTP. Notices carry `List-Unsubscribe` with the subscriber's
 * own link and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so mail clients can
 * offer a one-click unsubscribe that POSTs to that link.
 */
export function createSubscriberMailer(options: {
  smtpUrl: string;
  from: string;
}): SubscriberMailer {
  const transport = createTransport({
    url: options.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });

  return {
    async send(email) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          headers: email.unsubscribeUrl
            ? {
                'List-Unsubscribe': `<${email.unsubscribeUrl}>`,
                'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              }
            : {},
        });
        return { ok: true, detail: info.messageId };
      } catch (error) {
        const failure = error as NodemailerError;
        const retryable =
          typeof failure.responseCode === 'number'
            ? failure.permanent !== true
            : failure.code !== undefined && NETWORK_ERROR_CODES.has(failure.code);
        return { ok: false, retryable, error: `SMTP delivery failed: ${failure.message}` };
      }
    },
    close() {
      transport.close();
    },
  };
}
