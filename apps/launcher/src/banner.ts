import type { DemoSeed } from './seed-demo.ts';

export interface BannerInput {
  serverUrl: string;
  /** False when `apps/web/dist` is missing, so only the API is served. */
  consoleBuilt: boolean;
  databaseKind: 'postgres' | 'pglite';
  dataDir: string;
  seed: DemoSeed | null;
  integrationKey: string | null;
  demoPayload: string;
  mailDir: string | null;
  /** The demo status page on the status site; null when there is none. */
  statusUrl: string | null;
}

/** Prints where PageFree is running, how to sign in, and a command that pages someone. */
export function printBanner(input: BannerInput): void {
  const lines = [
    '',
    'PageFree is running.',
    '',
    input.consoleBuilt
      ? `  Console           ${input.serverUrl}/`
      : '  Console           not built; run pnpm --filter @pagefree/web build (pnpm start does it)',
    `  API               ${input.serverUrl}/trpc`,
    `  Health            ${input.serverUrl}/healthz   ${input.serverUrl}/readyz`,
    `  Database          ${input.databaseKind === 'pglite' ? `embedded PGlite in ${input.dataDir}/pgdata` : 'PostgreSQL from DATABASE_URL'}`,
  ];
  if (input.statusUrl) {
    lines.push(`  Status page       ${input.statusUrl}`);
  }
  if (input.mailDir) {
    lines.push(`  Email pages       saved as .eml files in ${input.mailDir}`);
  }
  lines.push('');
  const startOver =
    input.databaseKind === 'pglite'
      ? `delete ${input.dataDir} to start over with a fresh demo`
      : 'point DATABASE_URL at an empty database to start over';
  if (input.seed) {
    lines.push(
      'Demo organisation created. Admin login, shown only now (change the password under My settings):',
      `  email     ${input.seed.adminEmail}`,
      `  password  ${input.seed.adminPassword}`,
      `${startOver.charAt(0).toUpperCase()}${startOver.slice(1)}.`,
      '',
    );
  } else {
    lines.push(
      'Sign in as admin@pagefree.local with its password: the one printed at first start, unless it was changed since.',
      `Lost it? Stop PageFree and run pnpm reset-admin-password (or ${startOver}).`,
      '',
    );
  }
  if (input.integrationKey) {
    lines.push(
      input.seed
        ? 'Send a real Alertmanager alert; it opens an incident and pages the on-call engineer:'
        : 'Send a real Alertmanager alert; it opens an incident and pages on-call, or joins the demo incident if that is still open:',
      '',
      `  curl -sS -w '\\nHTTP %{http_code}\\n' -X POST ${input.serverUrl}/integrations/${input.integrationKey}/alertmanager \\`,
      `    -H 'content-type: application/json' --data @${input.demoPayload}`,
      '',
    );
  }
  lines.push('Stop with Ctrl+C.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}
