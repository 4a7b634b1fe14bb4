import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One webhook page as the receiver saw it. */
export interface ReceivedPage {
  /** The `x-pagefree-delivery` header: the notification id, the same on every retry. */
  deliveryId: string;
  /** True once a 200 response was written to the sender. */
  answered: boolean;
  /** True when the sender's connection closed before any response: it never learned the outcome. */
  cutOff: boolean;
}

export interface HoldingReceiver {
  url: string;
  pages: ReceivedPage[];
  /** Requests being held right now. */
  heldCount(): number;
  /** From now on, keeps requests open without a response. */
  hold(): void;
  /** Responds 200 to held requests that are still open, and to every later one at once. */
  respond(): void;
  close(): Promise<void>;
}

/**
 * A webhook endpoint that can hold requests open, so a test can kill a worker while its
 * sends are in flight, and that records which sends were cut off and which got a response.
 */
export async function startHoldingReceiver(): Promise<HoldingReceiver> {
  const pages: ReceivedPage[] = [];
  const held = new Map<ReceivedPage, ServerResponse>();
  let holding = false;

  const answer = (page: ReceivedPage, response: ServerResponse) => {
    held.delete(page);
    if (response.destroyed) return;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
    page.answered = true;
  };

  const server = createServer(async (request, response) => {
    for await (const _chunk of request) {
      // The body is not needed; the delivery id header identifies the page.
    }
    const page: ReceivedPage = {
      deliveryId: String(request.headers['x-pagefree-delivery'] ?? ''),
      answered: false,
      cutOff: false,
    };
    pages.push(page);
    response.on('close', () => {
      held.delete(page);
      if (!page.answered) page.cutOff = true;
    });
    if (holding) held.set(page, response);
    else answer(page, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/page`,
    pages,
    heldCount: () => held.size,
    hold() {
      holding = true;
    },
    respond() {
      holding = false;
      for (const [page, response] of [...held]) answer(page, response);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
