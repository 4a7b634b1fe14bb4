/**
 * Turns a runbook's parameters JSON Schema into form fields, and form values back into
 * parameters. Covers flat object schemas whose properties are strings, numbers, integers,
 * booleans or enums, with `required`, `default`, `title` and `description`. Anything else
 * (nested objects, arrays, combinators, references, type unions) falls back to editing the
 * parameters as JSON. The server validates the result against the full schema either way.
 */

export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum';

export interface ParameterField {
  name: string;
  label: string;
  description: string | null;
  kind: FieldKind;
  required: boolean;
  defaultValue: unknown;
  /** Allowed values of an enum, in schema order. */
  options: unknown[];
  minimum: number | null;
  maximum: number | null;
  minLength: number | null;
  maxLength: number | null;
  pattern: string | null;
}

export type ParameterPlan =
  | { kind: 'fields'; fields: ParameterField[] }
  | { kind: 'json'; reason: string };

/** Form state: text per field (a boolean per checkbox), or the JSON text in JSON mode. */
export interface ParameterValues {
  fields: Record<string, string | boolean>;
  json: string;
}

export type ReadResult =
  | { ok: true; parameters: Record<string, unknown> }
  | { ok: false; errors: Record<string, string> };

/** Key of the error that belongs to the whole form rather than one field. */
export const FORM_ERROR = '';

const COMBINATORS = ['oneOf', 'anyOf', 'allOf', 'not', 'if', '$ref', 'patternProperties'];
const SIMPLE_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function planParameterForm(schema: Record<string, unknown>): ParameterPlan {
  const combinator = COMBINATORS.find((key) => key in schema);
  if (combinator) return { kind: 'json', reason: `The schema uses ${combinator}.` };
  const properties = schema.properties ?? {};
  if (!isRecord(properties)) return { kind: 'json', reason: 'Its properties are not an object.' };
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];

  const fields: ParameterField[] = [];
  for (const [name, property] of Object.entries(properties)) {
    if (!isRecord(property)) return { kind: 'json', reason: `Parameter ${name} is not a schema.` };
    const nested = COMBINATORS.find((key) => key in property);
    if (nested) return { kind: 'json', reason: `Parameter ${name} uses ${nested}.` };

    let kind: FieldKind;
    if (Array.isArray(property.enum)) kind = 'enum';
    else if (typeof property.type === 'string' && SIMPLE_TYPES.has(property.type)) {
      kind = property.type as FieldKind;
    } else {
      const type = JSON.stringify(property.type ?? 'any');
      return { kind: 'json', reason: `Parameter ${name} has type ${type}.` };
    }

    fields.push({
      name,
      label: typeof property.title === 'string' && property.title ? property.title : name,
      description: typeof property.description === 'string' ? property.description : null,
      kind,
      required: required.includes(name),
      defaultValue: property.default,
      options: kind === 'enum' ? (property.enum as unknown[]) : [],
      minimum: numberOrNull(property.minimum),
      maximum: numberOrNull(property.maximum),
      minLength: numberOrNull(property.minLength),
      maxLength: numberOrNull(property.maxLength),
      pattern: typeof property.pattern === 'string' ? property.pattern : null,
    });
  }
  // NOTE: PostgreSQL stores the schema as jsonb, which does not keep the authors' property
  // order. Required fields come first in the order of "required", an array that keeps it.
  const rank = (field: ParameterField) =>
    field.required ? required.indexOf(field.name) : required.length;
  return { kind: 'fields', fields: fields.sort((a, b) => rank(a) - rank(b)) };
}

/** Returns the form values a run starts from: each field's default, else empty. */
export function initialParameterValues(
  plan: ParameterPlan,
  schema: Record<string, unknown>,
  start: Record<string, unknown> = {},
): ParameterValues {
  if (plan.kind === 'json') {
    return { fields: {}, json: JSON.stringify({ ...defaultsOf(schema), ...start }, null, 2) };
  }
  const fields: Record<string, string | boolean> = {};
  for (const field of plan.fields) {
    const value = field.name in start ? start[field.name] : field.defaultValue;
    if (field.kind === 'boolean') fields[field.name] = value === true;
    else if (field.kind === 'enum') {
      const index = field.options.findIndex((option) => Object.is(option, value));
      fields[field.name] = index >= 0 ? String(index) : '';
    } else fields[field.name] = value === undefined || value === null ? '' : String(value);
  }
  return { fields, json: '{}' };
}

function defaultsOf(schema: Record<string, unknown>): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  if (!isRecord(schema.properties)) return defaults;
  for (const [name, property] of Object.entries(schema.properties)) {
    if (isRecord(property) && property.default !== undefined) defaults[name] = property.default;
  }
  return defaults;
}

/**
 * Reads the parameters from the form, checking what the browser can: required values,
 * numbers, bounds and lengths. An empty optional field is left out, so the schema's
 * default applies on the server.
 */
export function readParameters(plan: ParameterPlan, values: ParameterValues): ReadResult {
  if (plan.kind === 'json') return readJson(values.json);

  const parameters: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of plan.fields) {
    const raw = values.fields[field.name];
    if (field.kind === 'boolean') {
      // NOTE: a checkbox cannot be left unset, so a boolean is always sent.
      parameters[field.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw : '';
    if (text.trim() === '') {
      if (field.required) errors[field.name] = `${field.label} is required.`;
      continue;
    }
    const value = readValue(field, text);
    if ('error' in value) errors[field.name] = value.error;
    else parameters[field.name] = value.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, parameters };
}

function readValue(field: ParameterField, text: string): { value: unknown } | { error: string } {
  if (field.kind === 'enum') {
    const option = field.options[Number(text)];
    return option === undefined ? { error: `Choose one of the listed values.` } : { value: option };
  }
  if (field.kind === 'string') {
    if (field.minLength !== null && text.length < field.minLength) {
      return { error: `${field.label} must be at least ${field.minLength} characters.` };
    }
    if (field.maxLength !== null && text.length > field.maxLength) {
      return { error: `${field.label} must be at most ${field.maxLength} characters.` };
    }
    return { value: text };
  }

  const number = Number(text.trim());
  if (!Number.isFinite(number)) return { error: `${field.label} must be a number.` };
  if (field.kind === 'integer' && !Number.isInteger(number)) {
    return { error: `${field.label} must be a whole number.` };
  }
  if (field.minimum !== null && number < field.minimum) {
    return { error: `${field.label} must be at least ${field.minimum}.` };
  }
  if (field.maximum !== null && number > field.maximum) {
    return { error: `${field.label} must be at most ${field.maximum}.` };
  }
  return { value: number };
}

function readJson(text: string): ReadResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text || '{}');
  } catch (error) {
    return { ok: false, errors: { [FORM_ERROR]: `Invalid JSON: ${(error as Error).message}` } };
  }
  if (!isRecord(parsed)) {
    return { ok: false, errors: { [FORM_ERROR]: 'Parameters must be a JSON object, e.g. {}.' } };
  }
  return { ok: true, parameters: parsed };
}

/**
 * Maps the server's parameter error to a form field. The server names the offending
 * property first, as in "parameters: replicas must be <= 20"; when it names no field of
 * the form, the message belongs to the whole form.
 */
export function parameterErrorFromServer(
  plan: ParameterPlan,
  message: string,
): Record<string, string> {
  const detail = message.replace(/^parameters:\s*/, '');
  if (plan.kind === 'fields') {
    const missing = /required property '([^']+)'/.exec(detail)?.[1];
    const name = missing ?? detail.split(/[\s.]/, 1)[0] ?? '';
    const field = plan.fields.find((candidate) => candidate.name === name);
    if (field && missing) return { [field.name]: `${field.label} is required.` };
    if (field) return { [field.name]: `${field.label}${detail.slice(name.length)}` };
  }
  return { [FORM_ERROR]: detail };
}
