import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LRUCache } from 'lru-cache';
import { ValidationError } from '../shared/errors.ts';
import { RUNBOOK_VERSION_LIMITS } from './schemas.ts';

const MAX_SCHEMA_DEPTH = 12;
const MAX_PATTERN_LENGTH = 200;
/** Strings longer than this fail a `pattern` without running it, in UTF-16 code units. */
export const MAX_PATTERN_VALUE_LENGTH = 1024;
/** Arrays and objects in run parameters may nest this deep, counting the parameters object. */
export const MAX_PARAMETERS_DEPTH = 32;
const BACKREFERENCE = /\\[1-9]|\\k</;

/**
 * Compiles regular expressions for Ajv after rejecting the shapes known to backtrack
 * catastrophically, because schemas come from runbook authors and patterns run in the API
 * server on every run request and in the worker's rule scan, next to paging.
 *
 * NOTE: this rejects nested repetition (star height above 1) but not adjacent quantifiers
 * over the same characters, such as `\d*\d*\d*x`, which backtrack polynomially. Capping
 * tested values at MAX_PATTERN_VALUE_LENGTH keeps those to a bounded cost. Node's regex
 * engine backtracks, and a linear-time engine (RE2) is not a dependency here.
 */
function safeRegExp(pattern: string, flags: string): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new Error(
      `pattern is ${pattern.length} characters long; the maximum is ${MAX_PATTERN_LENGTH}`,
    );
  }
  const problem = repetitionProblem(pattern);
  if (problem) {
    throw new Error(`pattern ${JSON.stringify(pattern)} ${problem}`);
  }
  if (BACKREFERENCE.test(pattern)) {
    throw new Error(
      `pattern ${JSON.stringify(pattern)} uses a backreference; remove it, because backreferences can take exponential time`,
    );
  }
  return new BoundedRegExp(pattern, flags);
}
safeRegExp.code = 'safeRegExp';

/** A RegExp whose `test`, the only method Ajv calls, fails strings over the length cap. */
class BoundedRegExp extends RegExp {
  override test(text: string): boolean {
    if (text.length > MAX_PATTERN_VALUE_LENGTH) return false;
    return super.test(text);
  }
}

/**
 * Scans a pattern and returns why it may backtrack catastrophically, or null. It rejects a
 * group repeated by `*`, `+` or `{...}` that contains, at any depth, an alternation or a
 * quantifier other than an exact `{n}` (`?` included), as in `(a+)+`, `((a+))+`, `(a|ab)*`
 * or `^(([a-z0-9]+)-?)+$`. Escapes and character classes are skipped as single atoms.
 */
function repetitionProblem(pattern: string): string | null {
  // One entry per open group: whether a quantifier or an alternation occurs inside it.
  const groups: Array<{ quantified: boolean; alternation: boolean }> = [
    { quantified: false, alternation: false },
  ];
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index]!;
    const current = groups.at(-1)!;

    if (char === '(') {
      groups.push({ quantified: false, alternation: false });
      index += 1;
      continue;
    }
    if (char === '|') {
      current.alternation = true;
      index += 1;
      continue;
    }
    if (char === ')') {
      if (groups.length === 1) return null; // Unbalanced: the RegExp constructor reports it.
      const group = groups.pop()!;
      const quantifier = readQuantifier(pattern, index + 1);
      const repeats = quantifier.length > 0 && !quantifier.startsWith('?');
      if (repeats && (group.quantified || group.alternation)) {
        return 'repeats a group that contains a quantifier or an alternation, which can take exponential time; repeat a single character or class instead, e.g. "^[a-z0-9-]+$" in place of "^(([a-z0-9]+)-?)+$"';
      }
      const parent = groups.at(-1)!;
      parent.quantified ||= group.quantified || isVariable(quantifier);
      parent.alternation ||= group.alternation;
      index += 1 + quantifier.length;
      continue;
    }

    const atomEnd = skipAtom(pattern, index);
    const quantifier = readQuantifier(pattern, atomEnd);
    if (isVariable(quantifier)) current.quantified = true;
    index = atomEnd + quantifier.length;
  }
  return null;
}

/** Returns the index after the atom at `start`: an escape, a character class or one character. */
function skipAtom(pattern: string, start: number): number {
  if (pattern[start] === '\\') return start + 2;
  if (pattern[start] !== '[') return start + 1;
  let index = start + 1;
  while (index < pattern.length && pattern[index] !== ']') {
    index += pattern[index] === '\\' ? 2 : 1;
  }
  return index + 1;
}

/** True for a quantifier that lets the engine choose a count: anything but none or `{n}`. */
function isVariable(quantifier: string): boolean {
  return quantifier.length > 0 && !/^\{\d+\}\??$/.test(quantifier);
}

/** Returns the quantifier at `start` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy), or ''. */
function readQuantifier(pattern: string, start: number): string {
  const match = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(pattern.slice(start, start + 24));
  return match ? match[0] : '';
}

// Compiled validators by schema text. Each compile uses a fresh Ajv instance, because one
// instance keeps every schema it ever compiled.
const validators = new LRUCache<string, ValidateFunction>({ max: 200 });

/**
 * Checks that `schema` is a JSON Schema (draft-07) for an object of parameters that Ajv
 * compiles in strict mode, and returns its compiled validator. Throws ValidationError on
 * `parametersSchema` otherwise.
 */
export function compileParametersSchema(schema: Record<string, unknown>): ValidateFunction {
  // Depth first: JSON.stringify recurses and overflows the stack on deeply nested input.
  if (nestsDeeperThan(schema, MAX_SCHEMA_DEPTH)) {
    throw new ValidationError(
      'parametersSchema',
      `nests deeper than ${MAX_SCHEMA_DEPTH} levels; flatten it`,
    );
  }
  const text = JSON.stringify(schema);
  const cached = validators.get(text);
  if (cached) return cached;

  if (Buffer.byteLength(text) > RUNBOOK_VERSION_LIMITS.maxSchemaBytes) {
    throw new ValidationError(
      'parametersSchema',
      `is larger than ${RUNBOOK_VERSION_LIMITS.maxSchemaBytes} bytes`,
    );
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
    // Puts the failing value in each error, so a too-long string checked by a pattern is named.
    verbose: true,
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
  checkParametersShape(parameters);
  const validate = compileParametersSchema(schema);
  const copy = structuredClone(parameters);
  if (!validate(copy)) {
    throw new ValidationError('parameters', describeError(validate.errors?.[0]));
  }
  return copy;
}

/**
 * Checks the limits that hold whatever the schema: nesting depth and size. Throws
 * ValidationError on `parameters` otherwise.
 */
export function checkParametersShape(parameters: Record<string, unknown>): void {
  if (nestsDeeperThan(parameters, MAX_PARAMETERS_DEPTH)) {
    throw new ValidationError(
      'parameters',
      `nest deeper than ${MAX_PARAMETERS_DEPTH} levels of arrays and objects; flatten them`,
    );
  }
  if (Buffer.byteLength(JSON.stringify(parameters)) > RUNBOOK_VERSION_LIMITS.maxParametersBytes) {
    throw new ValidationError(
      'parameters',
      `are larger than ${RUNBOOK_VERSION_LIMITS.maxParametersBytes} bytes`,
    );
  }
}

function describeError(error: ErrorObject | undefined): string {
  if (!error) return 'do not match the runbook parameter schema';
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : '';
  const message =
    error.keyword === 'pattern' &&
    typeof error.data === 'string' &&
    error.data.length > MAX_PATTERN_VALUE_LENGTH
      ? `is longer than ${MAX_PATTERN_VALUE_LENGTH} characters, the maximum for a value checked against a pattern`
      : error.message;
  return where ? `${where} ${message ?? 'is invalid'}` : (message ?? 'are invalid');
}

/**
 * True when arrays and objects in `value` nest more than `maxDepth` levels, the outermost
 * counting as 1. Walks iteratively and stops at the first path that is too deep, so a value
 * nested 100,000 levels costs no stack.
 */
function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.value === null || typeof next.value !== 'object') continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}
