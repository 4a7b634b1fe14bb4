import { defineConfig } from 'vitest/config';

// `pnpm test:faults`: restarts and kills processes, so the files run one at a time. Each file
// starts its own PostgreSQL and Redis for what it restarts. The shared servers on 5432 and
// 6379 only keep the template database and the queues of tests that restart nothing.
export default defineConfig({
  test: {
    include: ['apps/*/test/faults/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['packages/testing/src/global-setup.ts', 'packages/testing/src/log-scan-setup.ts'],
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 180_000,
  },
});
