import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LRUCache } from 'lru-cache';
import { ValidationError } from '../shared/errors.ts';
import { RUNBOOK_VERSION_LIMITS } from './schemas.ts';

const MAX_SCHEMA_DEPTH = 12;
const MAX_PATTERN_LENGTH = 200;
// A quantified group that itself contains a quantifier or an alternation, e.g. (a+)+ or
// (a|a)*: the shapes that make a backtracking engine take exponential time.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*}]|\|)(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,)/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/**
 * Compiles regular expressions for Ajv after refusing the shapes known to backtrack
 * catastrophically, because schemas come from runbook authors and patterns run in the API
 * server on every run request.
 *
 * NOTE: this is a heuristic, not a proof of linear time. Node's regex engine backtracks, and
 * a linear-time engine (RE2) is not a dependency here.
 */
function safeRegExp(pattern: string, flags: string): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new Error(`pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  if (NESTED_QUANTIFIER.test(pattern) || BACKREFERENCE.test(pattern)) {
    throw new Error(
      `pattern ${JSON.stringify(pattern)} repeats a group that contains a quantifier or alternation, or uses a backreference; simplify it`,
    );
  }
  return new RegExp(pattern, flags);
}
safeRegExp.code = 'safeRegExp';

// Compiled validators by schema text. Each compile uses a fresh Ajv instance, because one
// instance keeps every schema it ever compiled.
const validators = new LRUCache<string, ValidateFunction>({ max: 200 });

/**
 * Checks that `schema` is a JSON Schema (draft-07) for an object of parameters that Ajv
 * compiles in strict mode, and returns its compiled validator. Throws ValidationError on
 * `parametersSchema` otherwise.
 */
export function compileParametersSchema(schema: Record<string, unknown>): ValidateFunction {
  const text = JSON.stringify(schema);
  const cached = validators.get(text);
  if (cached) return cached;

  if (Buffer.byteLength(text) > RUNBOOK_VERSION_LIMITS.maxSchemaBytes) {
    throw new ValidationError(
      'parametersSchema',
      `is larger than ${RUNBOOK_VERSION_LIMITS.maxSchemaBytes} bytes`,
    );
  }
  if (depthOf(schema) > MAX_SCHEMA_DEPTH) {
    throw new ValidationError('parametersSchema', `nests deeper than ${MAX_SCHEMA_DEPTH} levels`);
  }
  if (schema.type !== 'object') {
    throw new ValidationError('parametersSchema', 'must have "type": "object" at its root');
  }
  if (text.includes('"$async"') || text.includes('"$data"')) {
    throw new ValidationError('parametersSchema', 'must not use $async or $data');
  }

  const ajv = new Ajv({
    strict: true,
    allErrors: false,
    useDefaults: true,
    coerceTypes: false,
    code: { regExp: safeRegExp },
  });
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new ValidationError(
      'parametersSchema',
      `is not a valid JSON Schema: ${(error as Error).message}`,
    );
  }
  validators.set(text, validate);
  return validate;
}

/**
 * Validates run parameters against a version's schema and returns a copy with the schema's
 * defaults filled in. Throws ValidationError on `parameters` with the first problem.
 */
export function validateParameters(
  schema: Record<string, unknown>,
  parameters: Record<string, unknown>,
): Record<string, unknown> {
  if (Buffer.byteLength(JSON.stringify(parameters)) > RUNBOOK_VERSION_LIMITS.maxParametersBytes) {
    throw new ValidationError(
      'parameters',
      `are larger than ${RUNBOOK_VERSION_LIMITS.maxParametersBytes} bytes`,
    );
  }
  const validate = compileParametersSchema(schema);
  const copy = structuredClone(parameters);
  if (!validate(copy)) {
    throw new ValidationError('parameters', describeError(validate.errors?.[0]));
  }
  return copy;
}

function describeError(error: ErrorObject | undefined): string {
  if (!error) return 'do not match the runbook parameter schema';
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : '';
  return where ? `${where} ${error.message ?? 'is invalid'}` : (error.message ?? 'are invalid');
}

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_SCHEMA_DEPTH || value === null || typeof value !== 'object') return depth;
  let deepest = depth;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(child, depth + 1));
  }
  return deepest;
}
