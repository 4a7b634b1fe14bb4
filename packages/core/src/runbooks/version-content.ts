import { formatHostRule, parseHostRule } from '@pagefree/sandbox/allowed-hosts';
import { ValidationError } from '../shared/errors.ts';
import { compileParametersSchema } from './parameters-schema.ts';
import type { RunbookContent } from './schemas.ts';

// Parameter names of the async function a script body becomes in the sandbox.
const SCRIPT_PARAMETERS = ['input', 'secrets', 'log', 'fetch', 'console'];
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  ...source: string[]
) => unknown;

/**
 * Checks a version's content beyond its input shape and returns it in canonical form: the
 * script parses, the parameters schema compiles, host entries are valid and normalized,
 * private-network hosts are among the allowed hosts, and names are not repeated. Throws
 * ValidationError naming the offending field.
 */
export function normalizeVersionContent(content: RunbookContent): RunbookContent {
  checkScriptSyntax(content.script);
  compileParametersSchema(content.parametersSchema);

  const allowedHosts = unique(
    content.allowedHosts.map((entry) => canonicalHost('allowedHosts', entry)),
  );
  const privateNetworkHosts = unique(
    content.privateNetworkHosts.map((entry) => canonicalHost('privateNetworkHosts', entry)),
  );
  const notAllowed = privateNetworkHosts.filter((host) => !allowedHosts.includes(host));
  if (notAllowed.length > 0) {
    throw new ValidationError(
      'privateNetworkHosts',
      `${notAllowed.join(', ')} must also be in allowedHosts`,
    );
  }

  return {
    ...content,
    allowedHosts,
    privateNetworkHosts,
    secretNames: unique(content.secretNames),
  };
}

/**
 * Parses the script as the sandbox will: as the body of an async function. The Function
 * constructor only compiles the body; the function it returns is dropped without being
 * called, so nothing of the script runs in this process.
 */
function checkScriptSyntax(script: string): void {
  try {
    new AsyncFunction(...SCRIPT_PARAMETERS, script);
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new ValidationError('script', `does not parse: ${error.message}`);
    }
    // EvalError: this process forbids code generation from strings. The runner still
    // reports a syntax error when the script runs.
    if (!(error instanceof EvalError)) throw error;
  }
}

function canonicalHost(field: string, entry: string): string {
  const rule = parseHostRule(entry);
  if ('error' in rule) throw new ValidationError(field, rule.error);
  return formatHostRule(rule);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
