import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MIGRATIONS_DIR = fileURLToPath(new URL('../src/migrations/', import.meta.url));

/** Migrations allowed to break a rule, each with the reason; see the package README. */
const REVIEWED_EXCEPTIONS: Record<string, string> = {};

// Statements that break the previous release while it still serves: dropping or renaming
// what it reads, changing a column's type, or requiring a value it does not insert.
const FORBIDDEN: Array<[string, RegExp]> = [
  ['drops a table or column', /\bDROP\s+(TABLE|COLUMN)\b|\.drop(Table|Column)\(/i],
  ['renames a table or column', /\bRENAME\b|\.rename(To|Column)\(/i],
  ['changes a column type', /\bALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE\b|\.alterColumn\(/i],
  ['makes an existing column required', /\bALTER\s+COLUMN\s+\S+\s+SET\s+NOT\s+NULL\b/i],
  [
    'adds a required column without a default',
    /\bADD\s+COLUMN\b(?:(?!DEFAULT)[^,;`])*\bNOT\s+NULL\b(?:(?!DEFAULT)[^,;`])*[,;`]/i,
  ],
];

const migrations = readdirSync(MIGRATIONS_DIR).filter((name) => name.endsWith('.ts'));

/** The part of a migration file that runs on `up`: everything before the `down` function. */
function upSide(name: string): string {
  const text = readFileSync(`${MIGRATIONS_DIR}${name}`, 'utf8');
  const down = text.indexOf('export async function down');
  return down === -1 ? text : text.slice(0, down);
}

describe('migration rules', () => {
  const cases = migrations.flatMap((name) =>
    FORBIDDEN.map(([rule, pattern]) => [name, rule, pattern] as const),
  );

  it.each(cases)('%s never %s', (name, _rule, pattern) => {
    if (REVIEWED_EXCEPTIONS[name]) return;

    expect(upSide(name)).not.toMatch(pattern);
  });

  it('names sort by their date prefix', () => {
    for (const name of migrations) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}-[a-z0-9-]+\.ts$/);
  });
});
