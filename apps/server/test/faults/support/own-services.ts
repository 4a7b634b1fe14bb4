import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

// The fault tests stop and restart Redis and PostgreSQL. They must never touch the shared
// servers on 6379 and 5432, which other work on this machine uses, so each test file starts
// its own of each on a free loopback port and restarts only those.

/** initdb and pg_ctl: FAULTS_POSTGRES_BIN, else the newest Debian-packaged PostgreSQL. */
const POSTGRES_BIN = process.env.FAULTS_POSTGRES_BIN ?? newestPostgresBin();
/** initdb and pg_ctl refuse to run as root, so they run as this OS user. */
const POSTGRES_OS_USER = 'postgres';

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  description: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
}

// Every service started here is stopped when the test process exits, even after a failure.
const exitCleanups = new Set<() => void>();
process.once('exit', () => {
  for (const cleanup of exitCleanups) cleanup();
});

export interface OwnRedis {
  url: string;
  port: number;
  /** Stops the server (SIGKILL: no chance to save anything, as in a crash). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Kills the server and deletes its folder. */
  destroy(): Promise<void>;
}

/** Starts a private `redis-server` with persistence off, so a restart loses every key. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pagefree-faults-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const start = async () => {
    const started = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: 'ignore' },
    );
    child = started;
    await waitFor(
      async () => {
        const probe = new Redis(url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } finally {
          probe.disconnect();
        }
      },
      10_000,
      `redis-server on port ${port}`,
    );
  };
  const kill = async () => {
    const current = child;
    child = null;
    if (!current || current.exitCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGKILL');
    await exited;
  };
  const killNow = () => {
    child?.kill('SIGKILL');
  };
  exitCleanups.add(killNow);

  await start();
  return {
    url,
    port,
    kill,
    start,
    async destroy() {
      await kill();
      exitCleanups.delete(killNow);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnPostgres {
  /** Admin URL (database `postgres`, user `postgres`, trust authentication). */
  adminUrl: string;
  port: number;
  /** URL of another database on this server. */
  databaseUrl(name: string): string;
  /** Stops the server at once, dropping every connection (`pg_ctl stop -m immediate`). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data folder. */
  destroy(): Promise<void>;
}

function pgCtl(args: string[]): void {
  const result = spawnSync(
    'runuser',
    ['-u', POSTGRES_OS_USER, '--', join(POSTGRES_BIN, 'pg_ctl'), ...args],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (result.status !== 0) {
    throw new Error(`pg_ctl ${args[0]} failed: ${result.stderr || result.stdout}`);
  }
}

/**
 * Creates a private PostgreSQL cluster with initdb in a temporary folder owned by the
 * `postgres` OS user, and starts it on a free loopback port with fsync off (the tests need
 * restarts, not durability against power loss).
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'pagefree-faults-pg-'));
  const data = join(root, 'data');
  const sockets = join(root, 'sockets');
  mkdirSync(sockets);
  const { uid, gid } = postgresIds();
  chownSync(root, uid, gid);
  chownSync(sockets, uid, gid);

  const init = spawnSync(
    'runuser',
    [
      '-u',
      POSTGRES_OS_USER,
      '--',
      join(POSTGRES_BIN, 'initdb'),
      '-D',
      data,
      '--auth=trust',
      '-U',
      'postgres',
      '--no-sync',
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);

  // fsync=off only risks data on an operating system crash; a stopped or killed server keeps
  // every acknowledged commit, because synchronous_commit stays on.
  const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`;
  const start = async () => {
    pgCtl(['start', '-D', data, '-w', '-t', '60', '-l', join(root, 'server.log'), '-o', options]);
  };
  const stop = async () => {
    pgCtl(['stop', '-D', data, '-m', 'immediate', '-w', '-t', '60']);
  };
  const stopNow = () => {
    spawnSync(
      'runuser',
      [
        '-u',
        POSTGRES_OS_USER,
        '--',
        join(POSTGRES_BIN, 'pg_ctl'),
        'stop',
        '-D',
        data,
        '-m',
        'immediate',
      ],
      {
        stdio: 'ignore',
        timeout: 30_000,
      },
    );
    rmSync(root, { recursive: true, force: true });
  };
  exitCleanups.add(stopNow);

  await start();
  const databaseUrl = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;
  return {
    adminUrl: databaseUrl('postgres'),
    port,
    databaseUrl,
    stop,
    start,
    async destroy() {
      exitCleanups.delete(stopNow);
      stopNow();
    },
  };
}

function postgresIds(): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', POSTGRES_OS_USER], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', POSTGRES_OS_USER], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      `The ${POSTGRES_OS_USER} OS user is missing; install PostgreSQL (apt-get install postgresql).`,
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function newestPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'No PostgreSQL server binaries under /usr/lib/postgresql; install postgresql or set FAULTS_POSTGRES_BIN to the folder holding initdb and pg_ctl.',
    );
  }
  return join(root, versions[0]!, 'bin');
}
