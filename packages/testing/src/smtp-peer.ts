import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createRecorder } from './recorder.ts';

export interface SmtpPeer {
  port: number;
  /** `smtp://127.0.0.1:<port>`, plain SMTP without authentication. */
  url: string;
  /** Every accepted message, in arrival order. */
  messages: ParsedMail[];
  waitForMessage(
    predicate?: (mail: ParsedMail) => boolean,
    timeoutMs?: number,
  ): Promise<ParsedMail>;
  /** Rejects the next `count` messages after DATA with the given SMTP reply code (default 451). */
  failNext(count: number, code?: number): void;
  close(): Promise<void>;
}

/** Starts an SMTP server on 127.0.0.1 that accepts any sender and recipient and parses what it gets. */
export async function startSmtpPeer(): Promise<SmtpPeer> {
  const recorder = createRecorder<ParsedMail>();
  let failuresLeft = 0;
  let failureCode = 451;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        const error = Object.assign(new Error('Message rejected by failNext'), {
          responseCode: failureCode,
        });
        // smtp-server expects the stream to be consumed before the reply.
        stream.resume();
        stream.on('end', () => callback(error));
        return;
      }

      simpleParser(stream).then(
        (mail) => {
          recorder.add(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  // smtp-server emits 'error' for broken client connections too. Without a listener that
  // would crash the test process, and the client side reports the failure anyway.
  server.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages: recorder.items,
    waitForMessage(predicate = () => true, timeoutMs = 5_000) {
      return recorder.waitFor(predicate, timeoutMs, 'an email at the SMTP peer');
    },
    failNext(count, code = 451) {
      failuresLeft = count;
      failureCode = code;
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
