import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/*/test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'apps/*/test/faults/**'],
    globalSetup: [
      'packages/testing/src/global-setup.ts',
      'apps/web/test/build-once.ts',
      // Captures every test stack's logs and fails the run if a registered secret appears in them.
      'packages/testing/src/log-scan-setup.ts',
    ],
    // Forks, not threads: isolated-vm and PGlite each want a process of their own, and
    // isolated-vm needs --no-node-snapshot on Node 20 and later.
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
