import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    webDistDir: string;
  }
}

const WEB_DIR = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../../../test-artifacts/web-dist/', import.meta.url));
const VITE_BIN = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));

/**
 * Builds the console once per test run, into `test-artifacts/web-dist` so a developer's
 * `apps/web/dist` is left alone, and hands the folder to the browser tests. The build runs
 * in a child process because Vitest brings its own Vite.
 */
export default function setup(project: TestProject) {
  execFileSync(process.execPath, [VITE_BIN, 'build', '--outDir', OUT_DIR, '--emptyOutDir'], {
    cwd: WEB_DIR,
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  project.provide('webDistDir', OUT_DIR);
}
