import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Real-format alert payloads, one file per monitoring tool and event (see the README in
 * that folder). Copied unchanged from the team's shared samples so the suite runs from
 * any checkout.
 */
export const ALERT_FIXTURE_DIR = fileURLToPath(new URL('../fixtures/alerts/', import.meta.url));

export function alertFixtureNames(): string[] {
  return readdirSync(ALERT_FIXTURE_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** Parses one fixture; each call returns a fresh copy that tests may change. */
export function loadAlertFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(`${ALERT_FIXTURE_DIR}${name}`, 'utf8')) as T;
}

/** The fixture's exact bytes, for tests that sign or post the raw body. */
export function rawAlertFixture(name: string): string {
  return readFileSync(`${ALERT_FIXTURE_DIR}${name}`, 'utf8');
}
