import type { Db } from '@pagefree/db';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { withTimeout } from '../runtime/redis.ts';
import type { CheckResult } from './ops-server.ts';

/** Readiness check: the database responds to `select 1` within 2 seconds. */
export function checkDatabase(db: Db): Promise<CheckResult> {
  return withTimeout(sql`select 1`.execute(db), 2_000, 'Database check').then(
    () => 'ok',
    () => 'unreachable',
  );
}

/** Readiness check: Redis responds to PING within 2 seconds. */
export function checkRedis(redis: Redis): Promise<CheckResult> {
  return withTimeout(redis.ping(), 2_000, 'Redis check').then(
    () => 'ok',
    () => 'unreachable',
  );
}
