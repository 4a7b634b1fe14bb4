import type { DemoSeed } from './seed-demo.ts';

export interface BannerInput {
  serverUrl: string;
  databaseKind: 'postgres' | 'pglite';
  dataDir: string;
  seed: DemoSeed | null;
  integrationKey: string | null;
  demoPayload: string;
  mailDir: string | null;
}

/** Prints where PageFree is running, how to sign in, and a command that pages someone. */
export function printBanner(input: BannerInput): void {
  const lines = [
    '',
    'PageFree is running.',
    '',
    `  Console and API   ${input.serverUrl}`,
    `  Health            ${input.serverUrl}/healthz   ${input.serverUrl}/readyz`,
    `  Database          ${input.databaseKind === 'pglite' ? `embedded PGlite in ${input.dataDir}/pgdata` : 'PostgreSQL from DATABASE_URL'}`,
  ];
  if (input.mailDir) {
    lines.push(`  Email pages       caught locally in ${input.mailDir}`);
  }
  lines.push('');
  if (input.seed) {
    lines.push(
      'Demo organisation created. Admin login (shown only now; delete the data folder to start over):',
      `  email     ${input.seed.adminEmail}`,
      `  password  ${input.seed.adminPassword}`,
      '',
    );
  } else {
    lines.push(
      `Sign in as admin@pagefree.local with the password printed at first start (delete ${input.dataDir} to reseed).`,
      '',
    );
  }
  if (input.integrationKey) {
    lines.push(
      'Send a real Alertmanager alert; it opens an incident and pages the on-call engineer:',
      '',
      `  curl -sS -X POST ${input.serverUrl}/integrations/${input.integrationKey}/alertmanager \\`,
      `    -H 'content-type: application/json' --data @${input.demoPayload}`,
      '',
    );
  }
  lines.push('Stop with Ctrl+C.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}
