import type { RouterInputs, RouterOutputs } from '../../../lib/trpc.ts';

type Version = RouterOutputs['runbooks']['version'];
export type RunbookContent = Omit<RouterInputs['runbooks']['create'], 'teamId'>;

/** The editor's form state; list fields are text with one entry per line. */
export interface RunbookDraft {
  name: string;
  description: string;
  script: string;
  schemaText: string;
  allowedHosts: string;
  privateNetworkHosts: string;
  secretNames: string;
  timeoutSeconds: string;
  changeNote: string;
}

/** Bounds of a run's time limit in seconds, as the server enforces them. */
export const TIMEOUT_SECONDS = { min: 1, max: 300, default: 30 } as const;

const TEMPLATE_SCRIPT = `// input.incident, input.alert and input.parameters describe this run.
// fetch() reaches only the allowed hosts; secrets.NAME contains each named secret.
log.info('Starting on incident', input.incident.number);

return { ok: true };
`;

const EMPTY_SCHEMA = { type: 'object', properties: {}, additionalProperties: false };

export function emptyDraft(): RunbookDraft {
  return {
    name: '',
    description: '',
    script: TEMPLATE_SCRIPT,
    schemaText: JSON.stringify(EMPTY_SCHEMA, null, 2),
    allowedHosts: '',
    privateNetworkHosts: '',
    secretNames: '',
    timeoutSeconds: String(TIMEOUT_SECONDS.default),
    changeNote: '',
  };
}

/** Starts an edit from a stored version; the change note is the new version's own. */
export function draftFromVersion(version: Version): RunbookDraft {
  return {
    name: version.name,
    description: version.description,
    script: version.script,
    schemaText: JSON.stringify(version.parametersSchema, null, 2),
    allowedHosts: version.allowedHosts.join('\n'),
    privateNetworkHosts: version.privateNetworkHosts.join('\n'),
    secretNames: version.secretNames.join('\n'),
    timeoutSeconds: String(version.timeoutSeconds),
    changeNote: '',
  };
}

/** Splits a one-per-line text field into entries; commas separate entries too. */
export function parseLines(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
}

export type SchemaCheck =
  | { ok: true; schema: Record<string, unknown> }
  | { ok: false; error: string };

/**
 * Checks what the browser can about a parameters schema: valid JSON, an object whose root
 * has "type": "object", and properties that are an object. The server compiles the schema
 * with Ajv in strict mode and reports the rest.
 */
export function checkSchemaText(text: string): SchemaCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Invalid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: 'The schema must be a JSON object, e.g. {"type": "object"}.' };
  }
  const schema = parsed as Record<string, unknown>;
  if (schema.type !== 'object') {
    return { ok: false, error: 'The schema must have "type": "object" at its root.' };
  }
  const properties = schema.properties;
  if (
    properties !== undefined &&
    (typeof properties !== 'object' || properties === null || Array.isArray(properties))
  ) {
    return { ok: false, error: '"properties" must be an object of parameter schemas.' };
  }
  return { ok: true, schema };
}

export type DraftCheck =
  | { ok: true; content: RunbookContent }
  | { ok: false; field: keyof RunbookDraft; error: string };

/** Converts the form into the API's content, or names the first field the browser rejects. */
export function draftToContent(draft: RunbookDraft): DraftCheck {
  const schema = checkSchemaText(draft.schemaText);
  if (!schema.ok) return { ok: false, field: 'schemaText', error: schema.error };
  const timeout = Number(draft.timeoutSeconds);
  if (
    !Number.isInteger(timeout) ||
    timeout < TIMEOUT_SECONDS.min ||
    timeout > TIMEOUT_SECONDS.max
  ) {
    return {
      ok: false,
      field: 'timeoutSeconds',
      error: `The time limit must be a whole number of seconds from ${TIMEOUT_SECONDS.min} to ${TIMEOUT_SECONDS.max}.`,
    };
  }
  return {
    ok: true,
    content: {
      name: draft.name.trim(),
      description: draft.description,
      script: draft.script,
      parametersSchema: schema.schema,
      allowedHosts: parseLines(draft.allowedHosts),
      privateNetworkHosts: parseLines(draft.privateNetworkHosts),
      secretNames: parseLines(draft.secretNames),
      timeoutSeconds: timeout,
      changeNote: draft.changeNote.trim(),
    },
  };
}

/** Returns the form field that a server error names, e.g. "secretNames.2" for the secret names box. */
export function draftFieldOf(serverField: string | null): keyof RunbookDraft | null {
  if (!serverField) return null;
  const root = serverField.split('.')[0];
  if (root === 'parametersSchema') return 'schemaText';
  const fields: Array<keyof RunbookDraft> = [
    'name',
    'description',
    'script',
    'allowedHosts',
    'privateNetworkHosts',
    'secretNames',
    'timeoutSeconds',
    'changeNote',
  ];
  return fields.find((field) => field === root) ?? null;
}
