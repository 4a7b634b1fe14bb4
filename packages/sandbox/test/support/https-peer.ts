import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Route = (request: ReceivedRequest, response: ServerResponse) => void;

export interface HttpsPeer {
  /** `127.0.0.1:<port>`, the allowlist entry for this peer. */
  hostEntry: string;
  origin: string;
  port: number;
  /** The self-signed certificate in PEM, to pass as the trusted certificate. */
  certificate: string;
  received: ReceivedRequest[];
  route(path: string, handler: Route): void;
  close(): Promise<void>;
}

const execFileAsync = promisify(execFile);

/**
 * Starts an HTTPS server on 127.0.0.1 with a fresh self-signed certificate for 127.0.0.1 and
 * localhost. Unknown paths respond 404. Every request is recorded with its body.
 */
export async function startHttpsPeer(certificate?: {
  key: string;
  cert: string;
}): Promise<HttpsPeer> {
  const tls = certificate ?? (await createLoopbackCertificate());
  const routes = new Map<string, Route>();
  const received: ReceivedRequest[] = [];

  const server = createServer(tls, async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request: ReceivedRequest = {
      method: incoming.method ?? 'GET',
      path: new URL(incoming.url ?? '/', 'https://127.0.0.1').pathname,
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    received.push(request);
    const handler = routes.get(request.path);
    if (!handler) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    hostEntry: `127.0.0.1:${port}`,
    origin: `https://127.0.0.1:${port}`,
    port,
    certificate: tls.cert,
    received,
    route(path, handler) {
      routes.set(path, handler);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Creates a key and self-signed certificate for 127.0.0.1 with the openssl CLI. */
export async function createLoopbackCertificate(): Promise<{ key: string; cert: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'pagefree-sandbox-'));
  try {
    const keyFile = join(directory, 'key.pem');
    const certFile = join(directory, 'cert.pem');
    await execFileAsync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
    return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8') };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
