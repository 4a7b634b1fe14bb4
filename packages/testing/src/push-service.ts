import { execFile } from 'node:child_process';
import {
  createECDH,
  createPublicKey,
  type ECDH,
  randomBytes,
  randomUUID,
  verify,
} from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ece from 'http_ece';
import { createRecorder } from './recorder.ts';

export interface ReceivedPush {
  /** Full endpoint URL the push was posted to. */
  endpoint: string;
  headers: Record<string, string>;
  /** The decrypted body parsed as JSON. */
  payload: unknown;
  vapid: { jwtClaims: VapidClaims; publicKey: string };
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub?: string;
  [claim: string]: unknown;
}

/** A push the service rejected. Tests read these when an expected push never arrives. */
export interface RejectedPush {
  endpoint: string;
  status: number;
  reason: string;
}

export interface PushSubscriptionKeys {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushService {
  /** `https://127.0.0.1:<port>`, also the VAPID audience senders must sign for. */
  origin: string;
  /** Agent that trusts the service's self-signed certificate. */
  agent: Agent;
  /** The certificate in PEM. */
  ca: string;
  /** Registers a new endpoint and returns it with a fresh P-256 key pair and auth secret, as a browser would. */
  createSubscription(): PushSubscriptionKeys;
  received: ReceivedPush[];
  rejected: RejectedPush[];
  waitForPush(
    predicate?: (push: ReceivedPush) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedPush>;
  /** Makes an endpoint (full URL or path) respond with `status` from now on, e.g. 410 for an expired subscription. */
  respondWith(endpointPath: string, status: number): void;
  close(): Promise<void>;
}

interface Subscriber {
  keyPair: ECDH;
  authSecret: Buffer;
}

/** Push services need not accept a larger body (RFC 8291 section 4), and may respond 413 to one (RFC 8030 section 7.2). */
const MAX_BODY_BYTES = 4096;
/** RFC 8292 limits a VAPID token's lifetime to 24 hours. */
const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

const execFileAsync = promisify(execFile);

/**
 * Starts a Web Push service on 127.0.0.1 over HTTPS. It checks the VAPID token like a real
 * push service, decrypts aes128gcm bodies with the subscriber's private key and responds 201.
 */
export async function startPushService(): Promise<PushService> {
  const { key, cert } = await createSelfSignedCertificate();
  const subscribers = new Map<string, Subscriber>();
  const forcedStatus = new Map<string, number>();
  const recorder = createRecorder<ReceivedPush>();
  const rejected: RejectedPush[] = [];
  let origin = '';

  const rejectPush = (
    response: ServerResponse,
    endpoint: string,
    status: number,
    reason: string,
  ) => {
    rejected.push({ endpoint, status, reason });
    response.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
  };

  const handlePush = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', origin).pathname;
    const endpoint = `${origin}${path}`;
    const body = await readBody(request, MAX_BODY_BYTES);

    const subscriber = subscribers.get(path);
    if (request.method !== 'POST' || !subscriber) {
      rejectPush(response, endpoint, 404, 'No subscription at this endpoint.');
      return;
    }
    const status = forcedStatus.get(path);
    if (status !== undefined) {
      rejectPush(response, endpoint, status, `Status ${status} set by respondWith.`);
      return;
    }
    if (body === null) {
      rejectPush(response, endpoint, 413, `Body exceeds ${MAX_BODY_BYTES} bytes.`);
      return;
    }

    const vapid = verifyVapid(request.headers.authorization, origin);
    if (typeof vapid === 'string') {
      rejectPush(response, endpoint, 401, vapid);
      return;
    }
    if (request.headers['content-encoding'] !== 'aes128gcm') {
      rejectPush(response, endpoint, 415, 'Content-Encoding must be aes128gcm.');
      return;
    }
    if (request.headers.ttl === undefined) {
      rejectPush(response, endpoint, 400, 'TTL header is missing.');
      return;
    }

    let payload: unknown;
    try {
      const plaintext = ece.decrypt(body, {
        version: 'aes128gcm',
        privateKey: subscriber.keyPair,
        authSecret: subscriber.authSecret,
      });
      payload = JSON.parse(plaintext.toString('utf8'));
    } catch (error) {
      rejectPush(
        response,
        endpoint,
        400,
        `Body could not be decrypted as JSON: ${(error as Error).message}`,
      );
      return;
    }

    recorder.add({ endpoint, headers: flattenHeaders(request), payload, vapid });
    response.writeHead(201, { location: `${origin}/messages/${randomUUID()}` }).end();
  };

  const server = createServer({ key, cert }, (request, response) => {
    handlePush(request, response).catch((error: Error) => {
      if (!response.headersSent) {
        rejectPush(response, request.url ?? '', 500, `Push service failed: ${error.message}`);
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = new Agent({ ca: cert });

  return {
    origin,
    agent,
    ca: cert,
    received: recorder.items,
    rejected,

    createSubscription() {
      const keyPair = createECDH('prime256v1');
      keyPair.generateKeys();
      const authSecret = randomBytes(16);
      const path = `/push/${randomUUID()}`;
      subscribers.set(path, { keyPair, authSecret });
      return {
        endpoint: `${origin}${path}`,
        p256dh: keyPair.getPublicKey().toString('base64url'),
        auth: authSecret.toString('base64url'),
      };
    },

    waitForPush(predicate = () => true, timeoutMs = 5_000) {
      return recorder.waitFor(predicate, timeoutMs, 'a push at the push service');
    },

    respondWith(endpointPath, status) {
      forcedStatus.set(new URL(endpointPath, origin).pathname, status);
    },

    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs the openssl CLI, because Node cannot create X.509 certificates itself. */
async function createSelfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'pagefree-push-'));
  try {
    const keyPath = join(directory, 'key.pem');
    const certPath = join(directory, 'cert.pem');
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
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Returns the body, or null once it grows past `maxBytes`. */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) {
      chunks.push(chunk as Buffer);
    }
  }
  return size <= maxBytes ? Buffer.concat(chunks) : null;
}

/**
 * Checks an RFC 8292 `vapid t=<jwt>, k=<public key>` header: ES256 signature by `k`, `aud`
 * equal to this origin, `exp` in the future and at most 24 hours away. Returns the reason
 * as a string when the header fails.
 */
function verifyVapid(header: string | undefined, origin: string): ReceivedPush['vapid'] | string {
  try {
    return checkVapidToken(header, origin);
  } catch (error) {
    return `VAPID token is malformed: ${(error as Error).message}`;
  }
}

function checkVapidToken(
  header: string | undefined,
  origin: string,
): ReceivedPush['vapid'] | string {
  const match = header?.match(/^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/);
  if (!match) {
    return 'Authorization header is missing or not in the form "vapid t=<jwt>, k=<key>".';
  }
  const [, token = '', publicKey = ''] = match;
  const [encodedHeader = '', encodedClaims = '', signature = ''] = token.split('.');

  const jwtHeader = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as {
    alg?: string;
  };
  if (jwtHeader.alg !== 'ES256') {
    return `VAPID token alg is ${jwtHeader.alg}, expected ES256.`;
  }

  const rawKey = Buffer.from(publicKey, 'base64url');
  if (rawKey.length !== 65 || rawKey[0] !== 0x04) {
    return 'VAPID key k is not an uncompressed P-256 public key.';
  }
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: rawKey.subarray(1, 33).toString('base64url'),
      y: rawKey.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = Buffer.from(`${encodedHeader}.${encodedClaims}`);
  if (
    !verify(
      'sha256',
      signed,
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    )
  ) {
    return 'VAPID token signature does not verify with key k.';
  }

  const claims = JSON.parse(
    Buffer.from(encodedClaims, 'base64url').toString('utf8'),
  ) as VapidClaims;
  const now = Math.floor(Date.now() / 1000);
  if (claims.aud !== origin) {
    return `VAPID aud is ${claims.aud}, expected ${origin}.`;
  }
  if (
    typeof claims.exp !== 'number' ||
    claims.exp <= now ||
    claims.exp > now + MAX_TOKEN_LIFETIME_SECONDS
  ) {
    return `VAPID exp ${claims.exp} is not within the next 24 hours.`;
  }
  return { jwtClaims: claims, publicKey };
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return headers;
}
