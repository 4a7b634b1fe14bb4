import { type ChildProcess, spawn } from 'node:child_process';

// `pnpm dev`: the launcher (server and worker with embedded defaults) plus the Vite dev
// server with hot reload, which proxies API and socket traffic to the launcher. Links in
// pages and push messages point at the Vite port unless PUBLIC_URL is set.

const webPort = process.env.WEB_DEV_PORT ?? '5173';
const serverPort = process.env.PORT ?? '3000';
const env = {
  ...process.env,
  PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${webPort}`,
  PAGEFREE_SERVER_URL: process.env.PAGEFREE_SERVER_URL ?? `http://127.0.0.1:${serverPort}`,
};

const children: ChildProcess[] = [
  spawn('pnpm', ['--filter', '@pagefree/launcher', 'start'], { stdio: 'inherit', env }),
  spawn('pnpm', ['--filter', '@pagefree/web', 'dev'], { stdio: 'inherit', env }),
];

let stopping = false;
function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  process.exitCode = code;
}

for (const child of children) {
  // When either process ends, stop the other, so no orphan keeps a port open.
  child.on('exit', (code) => stopAll(code ?? 0));
}
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
