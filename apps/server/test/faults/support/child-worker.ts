import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '@pagefree/config';
import { capturedLogPath } from '@pagefree/testing';

const WORKER_MAIN = fileURLToPath(new URL('../../../../worker/src/main.ts', import.meta.url));

/** Returns the environment that makes `apps/worker/src/main.ts` load the same configuration as `config`. */
export function workerEnv(
  config: Config,
  overrides: Record<string, string> = {},
): Record<string, string> {
  if (config.database.kind !== 'postgres') throw new Error('The worker process needs PostgreSQL');
  return {
    PATH: process.env.PATH ?? '',
    PAGEFREE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: config.database.url,
    DATABASE_POOL_SIZE: '10',
    REDIS_URL: config.redisUrl,
    QUEUE_PREFIX: config.queuePrefix,
    HOST: '127.0.0.1',
    PUBLIC_URL: config.publicUrl,
    ENCRYPTION_KEY: config.encryption.current.key.toString('base64'),
    ENCRYPTION_KEY_ID: config.encryption.current.id,
    VAPID_PUBLIC_KEY: config.vapid.publicKey,
    VAPID_PRIVATE_KEY: config.vapid.privateKey,
    VAPID_SUBJECT: config.vapid.subject,
    ALLOW_PRIVATE_NETWORK_TARGETS: 'true',
    ESCALATION_SWEEP_SECONDS: '1',
    ...overrides,
  };
}

export interface ChildWorker {
  process: ChildProcess;
  /** Resolves when the process exits, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the worker as its own process, as production runs it, and resolves once it logged
 * "Worker started". Its log lines are appended to the run's captured logs, so the secret scan
 * covers them too.
 */
export async function startChildWorker(env: Record<string, string>): Promise<ChildWorker> {
  const child = spawn(process.execPath, ['--no-node-snapshot', WORKER_MAIN], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logPath = capturedLogPath();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (logPath) appendFileSync(logPath, text);
      if (output.length < 20_000) output += text;
      if (output.includes('"msg":"Worker started"')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code, signal }) =>
      reject(
        new Error(
          `The worker exited before starting (code ${code}, signal ${signal}): ${output.slice(-2_000)}`,
        ),
      ),
    );
  });
  await started;
  return { process: child, exited };
}
