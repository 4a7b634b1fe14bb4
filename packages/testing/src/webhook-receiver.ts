import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRecorder } from './recorder.ts';

export interface ReceivedWebhook {
  method: string;
  /** Path and query of the request. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface ResponseOptions {
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/webhook`. */
  url: string;
  requests: ReceivedWebhook[];
  waitForRequest(
    predicate?: (request: ReceivedWebhook) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedWebhook>;
  /**
   * Sets the status and headers of every later response, e.g. 302 with a location, and an
   * optional delay in milliseconds before it is sent.
   */
  respondWith(status: number, options?: ResponseOptions): void;
  close(): Promise<void>;
}

/** Starts a plain-HTTP server on 127.0.0.1 that records every request and responds 200 until `respondWith` changes it. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const recorder = createRecorder<ReceivedWebhook>();
  let reply = { status: 200, headers: {} as Record<string, string>, delayMs: 0 };

  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks).toString('utf8');

    recorder.add({
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      body,
      json: parseJson(body),
    });
    const { status, headers, delayMs } = reply;
    if (delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    if (!response.destroyed) {
      response.writeHead(status, headers).end();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhook`,
    requests: recorder.items,
    waitForRequest(predicate = () => true, timeoutMs = 5_000) {
      return recorder.waitFor(predicate, timeoutMs, 'a request at the webhook receiver');
    },
    respondWith(status, options = {}) {
      reply = { status, headers: options.headers ?? {}, delayMs: options.delayMs ?? 0 };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
