import type { Db } from '@pagefree/db';
import { createTwoFilesPatch } from 'diff';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import { ValidationError } from '../shared/errors.ts';
import { getVersion } from './get-runbook.ts';
import type { RunbookVersionView } from './runbook-view.ts';
import type { diffVersionsInput } from './schemas.ts';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface VersionDiff {
  from: { id: string; version: number };
  to: { id: string; version: number };
  /** Unified diff of the scripts; empty when they are equal. */
  scriptPatch: string;
  /** Unified diff of the parameters schemas, pretty-printed; empty when they are equal. */
  parametersSchemaPatch: string;
  /** Every other field that differs, with both values. */
  changes: FieldChange[];
}

const COMPARED_FIELDS = [
  'name',
  'description',
  'allowedHosts',
  'privateNetworkHosts',
  'secretNames',
  'timeoutSeconds',
] as const satisfies ReadonlyArray<keyof RunbookVersionView>;

// Scripts are at most 100,000 characters. Past this many edits the diff package gives up and
// returns undefined, so a huge rewrite cannot tie up the server.
const MAX_EDIT_LENGTH = 20_000;

/** Compares two versions of the same runbook, e.g. the approved one and a new draft. */
export async function diffVersions(
  db: Db,
  principal: Principal,
  input: z.output<typeof diffVersionsInput>,
): Promise<VersionDiff> {
  const from = await getVersion(db, principal, input.fromVersionId);
  const to = await getVersion(db, principal, input.toVersionId);
  if (from.runbookId !== to.runbookId) {
    throw new ValidationError('toVersionId', 'must be a version of the same runbook');
  }

  const changes: FieldChange[] = [];
  for (const field of COMPARED_FIELDS) {
    if (JSON.stringify(from[field]) !== JSON.stringify(to[field])) {
      changes.push({ field, from: from[field], to: to[field] });
    }
  }
  return {
    from: { id: from.id, version: from.version },
    to: { id: to.id, version: to.version },
    scriptPatch: patch('script.js', from, to, from.script, to.script),
    parametersSchemaPatch: patch(
      'parameters.schema.json',
      from,
      to,
      `${JSON.stringify(from.parametersSchema, null, 2)}\n`,
      `${JSON.stringify(to.parametersSchema, null, 2)}\n`,
    ),
    changes,
  };
}

function patch(
  file: string,
  from: RunbookVersionView,
  to: RunbookVersionView,
  before: string,
  after: string,
): string {
  if (before === after) return '';
  const text = createTwoFilesPatch(
    `v${from.version}/${file}`,
    `v${to.version}/${file}`,
    before,
    after,
    undefined,
    undefined,
    { context: 3, maxEditLength: MAX_EDIT_LENGTH },
  );
  return text ?? `The ${file} versions differ too much to show a line diff.`;
}
