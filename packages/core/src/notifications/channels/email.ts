import { createTransport, type NodemailerError, type SMTPTransportOptions } from 'nodemailer';
import type { DeliveryResult, PageMessage } from './types.ts';

export interface EmailChannelOptions {
  /** `smtp://` or `smtps://` URL, with credentials if the server needs them. */
  smtpUrl: string;
  /** Sender address, e.g. `PageFree <pages@example.com>`. */
  from: string;
  /** Extra nodemailer SMTP options. Values the URL sets take precedence. */
  transportOptions?: SMTPTransportOptions;
}

export interface EmailChannel {
  send(to: string, message: PageMessage): Promise<DeliveryResult>;
  /** Closes idle SMTP connections. Call it on shutdown. */
  close(): void;
}

/**
 * Timeouts in milliseconds. Nodemailer's defaults (2 minutes to connect, 10 minutes of
 * socket inactivity) would hold a page far longer than a retry takes.
 */
const DEFAULT_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
} satisfies SMTPTransportOptions;

/** Nodemailer error codes for failures before or outside an SMTP reply that may pass on a later attempt. */
const TRANSIENT_ERROR_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
]);

/** Creates the email channel: one plain-text and HTML message per page, sent over SMTP. */
export function createEmailChannel(options: EmailChannelOptions): EmailChannel {
  const transport = createTransport({
    ...DEFAULT_TIMEOUTS,
    ...options.transportOptions,
    url: options.smtpUrl,
  });

  return {
    async send(to, message) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to,
          subject: formatSubject(message),
          text: formatText(message),
          html: formatHtml(message),
        });
        return { ok: true, detail: info.messageId };
      } catch (error) {
        return mapSmtpError(error as NodemailerError);
      }
    },

    close() {
      transport.close();
    },
  };
}

/** Example: `[P1] #42 checkout-api 5xx ratio above 5% (triggered)`. */
export function formatSubject(message: PageMessage): string {
  const subject = `[${message.priority}] #${message.incidentNumber} ${message.title} (${message.status})`;
  return subject.replace(/\s+/g, ' ').trim();
}

function formatText(message: PageMessage): string {
  return [
    `${message.title}`,
    '',
    `Incident: #${message.incidentNumber}`,
    `Service: ${message.serviceName}`,
    `Severity: ${message.severity}`,
    `Priority: ${message.priority}`,
    `Status: ${message.status}`,
    '',
    `Open the incident: ${message.url}`,
    '',
  ].join('\n');
}

function formatHtml(message: PageMessage): string {
  const rows = [
    ['Incident', `#${message.incidentNumber}`],
    ['Service', message.serviceName],
    ['Severity', message.severity],
    ['Priority', message.priority],
    ['Status', message.status],
  ]
    .map(
      ([label, value]) =>
        `<tr><th align="left">${escapeHtml(label ?? '')}</th><td>${escapeHtml(value ?? '')}</td></tr>`,
    )
    .join('\n');

  return [
    '<!doctype html>',
    '<html><body>',
    `<h2>${escapeHtml(message.title)}</h2>`,
    `<table>\n${rows}\n</table>`,
    `<p><a href="${escapeHtml(message.url)}">Open the incident</a></p>`,
    '</body></html>',
  ].join('\n');
}

/** Escapes text for an HTML element body or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Maps a nodemailer error to a delivery result. A 4xx reply is transient and a 5xx reply
 * permanent, except 503, as nodemailer's `permanent` flag reports. Without a reply, only
 * connection-level failures are retried, because configuration and address errors would
 * fail the same way again.
 */
function mapSmtpError(error: NodemailerError): DeliveryResult {
  const description = `SMTP delivery failed: ${error.message}`;

  if (typeof error.responseCode === 'number') {
    return { ok: false, retryable: error.permanent !== true, error: description };
  }
  const retryable = error.code !== undefined && TRANSIENT_ERROR_CODES.has(error.code);
  return { ok: false, retryable, error: description };
}
