import { mkdirSync, writeFileSync } from 'node:fs';
import type { Logger } from '@pagefree/logger';
import { SMTPServer } from 'smtp-server';

/**
 * A loopback SMTP server for the embedded default: pages sent by email are written to
 * `<dataDir>/mail/*.eml` and announced in the log, so the demo shows a page arriving
 * without any mail setup. Production sets SMTP_URL to a real relay instead.
 */
export async function startMailCatcher(
  dataDir: string,
  logger: Logger,
): Promise<{ url: string; close(): Promise<void> }> {
  const mailDir = `${dataDir}/mail`;
  mkdirSync(mailDir, { recursive: true });
  let sequence = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    banner: 'PageFree development mail catcher',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        sequence += 1;
        const file = `${mailDir}/${Date.now()}-${sequence}.eml`;
        writeFileSync(file, raw);
        const subject = /^Subject: (.*)$/im.exec(raw)?.[1] ?? '(no subject)';
        const to = session.envelope.rcptTo.map((recipient) => recipient.address).join(', ');
        logger.info({ to, subject, file }, 'Development mail catcher received a page');
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
