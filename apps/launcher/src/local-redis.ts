import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export class RedisNotFoundError extends Error {
  constructor() {
    super(
      [
        'REDIS_URL is not set and no redis-server was found on PATH.',
        'Either start Redis and set REDIS_URL (for example: docker compose up -d redis, then',
        'REDIS_URL=redis://127.0.0.1:6379 pnpm start), or install the server package',
        '(Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis).',
      ].join('\n'),
    );
    this.name = 'RedisNotFoundError';
  }
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a private `redis-server` on a free loopback port, keeping nothing on disk. It
 * exits with this process, because queued jobs are rebuilt from the database on start.
 */
export async function startLocalRedis(dataDir: string): Promise<{ url: string; stop(): void }> {
  const port = await freeLoopbackPort();
  const dir = `${dataDir}/redis`;
  mkdirSync(dir, { recursive: true });
  const pidFile = `${dir}/redis-server.pid`;
  stopLeftoverRedis(pidFile);
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--protected-mode',
      'yes',
      '--pidfile',
      pidFile,
    ],
    // Its own process group: Ctrl+C in the terminal must reach only the launcher, which
    // stops Redis last, after the worker has let go of it.
    { stdio: ['ignore', 'ignore', 'ignore'], detached: true },
  );
  const spawned = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    child.once('spawn', () => resolve(true));
  });
  if (!spawned) throw new RedisNotFoundError();

  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  for (let attempt = 0; ; attempt += 1) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      if (attempt > 50 || child.exitCode !== null) {
        child.kill();
        throw new Error(`The local redis-server did not start on port ${port}`, { cause: error });
      }
      probe.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  probe.disconnect();
  // If the launcher dies without cleaning up, the orphaned Redis must not outlive it.
  process.once('exit', () => child.kill('SIGTERM'));
  return { url, stop: () => child.kill('SIGTERM') };
}

/**
 * Stops the private Redis of a launcher that was killed (SIGKILL, a crash) before it could
 * stop it. The caller holds the data folder's lock, so a redis-server named in this folder's
 * pid file belongs to no running PageFree.
 */
function stopLeftoverRedis(pidFile: string): void {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
  } catch {
    return;
  }
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    // Only a process that is still a redis-server: the pid may have been reused since.
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server')) return;
    process.kill(pid, 'SIGTERM');
  } catch {
    // Gone already, or no /proc to check against: leave it alone.
  }
}
