/**
 * Code that runs inside each fresh isolate before the runbook script, through
 * `context.evalClosure` with these arguments:
 *
 * - `$0` log callback `(level, text)`;
 * - `$1` fetch callback `(requestId, requestJson)`, which starts the request and returns at
 *   once; the host later calls `deliver(requestId, outcomeJson)` with the outcome;
 * - `$2` the script text, `$3` the input value, `$4` the secrets object (both copied in);
 * - `$5` the number of characters after which logging stops calling the host.
 *
 * It compiles the script as the body of an async function with the parameters `input`,
 * `secrets`, `log`, `fetch` and `console`, removes every way to generate code from strings,
 * and returns `{ deliver, start }` to the host, which keeps them as references. Nothing of
 * them is reachable from the script. `start()` runs the script and resolves to a JSON string:
 * `{"ok":true,"value":...}` or `{"ok":false,"error":{"phase","name","message","line","retryable"}}`.
 *
 * The script text is passed as a value and compiled by the Function constructor, which
 * parses it as a function body on its own, so no script can break out of the wrapper. The
 * intrinsics the bootstrap needs are captured before the script runs, so a script that
 * replaces `JSON.stringify` or `Promise.prototype.then` changes only its own behaviour.
 *
 * isolated-vm 7.0.1 creates contexts whose code-generation callback allows `eval` and
 * `new Function` for strings up to memoryLimit/8 bytes, and offers no option to turn that
 * off, hence the replacements below.
 */
export const BOOTSTRAP_SOURCE = String.raw`
'use strict';
const hostLog = $0;
const hostFetch = $1;
const source = $2;
const input = $3;
const secrets = $4;
const maxLogCharacters = $5;

const stringify = JSON.stringify;
const parse = JSON.parse;
const freeze = Object.freeze;
const keys = Object.keys;
const defineProperty = Object.defineProperty;
const getPrototypeOf = Object.getPrototypeOf;
const apply = Reflect.apply;
const isArray = Array.isArray;
const toText = String;
const promiseThen = Promise.prototype.then;
const arrayPush = Array.prototype.push;
const toLowerCase = String.prototype.toLowerCase;
const regExpExec = RegExp.prototype.exec;
const ErrorClass = Error;
const TypeErrorClass = TypeError;
const MapClass = Map;
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;
const mapHas = Map.prototype.has;
const mapDelete = Map.prototype.delete;
const PromiseClass = Promise;
const FunctionPrototype = Function.prototype;
const AsyncFunction = getPrototypeOf(async function () {}).constructor;
const STACK_LINE = /<anonymous>:(\d+):\d+/;
// The Function constructor puts the parameter list and "{" on two lines before the body.
const BODY_LINE_OFFSET = 2;

class FetchError extends ErrorClass {
  constructor(message, retryable) {
    super(message);
    this.name = 'FetchError';
    this.retryable = retryable;
  }
}

function format(value) {
  if (typeof value === 'string') return value;
  try {
    const text = stringify(value);
    return typeof text === 'string' ? text : toText(value);
  } catch {
    try {
      return toText(value);
    } catch {
      return '[value that cannot be printed]';
    }
  }
}

function describe(error, phase) {
  try {
    if (error !== null && typeof error === 'object') {
      const match = apply(regExpExec, STACK_LINE, [toText(error.stack)]);
      return {
        phase,
        name: toText(error.name),
        message: toText(error.message),
        line: match ? Number(match[1]) - BODY_LINE_OFFSET : null,
        retryable: error instanceof FetchError && error.retryable === true,
      };
    }
    return { phase, name: 'Error', message: 'Threw a non-error value: ' + format(error), line: null, retryable: false };
  } catch {
    return { phase, name: 'Error', message: 'Threw an error that could not be read.', line: null, retryable: false };
  }
}

let runbook = null;
let compileError = null;
try {
  runbook = new AsyncFunction('input', 'secrets', 'log', 'fetch', 'console', source);
} catch (error) {
  compileError = describe(error, 'compile');
}

// From here on no code can be generated from strings: every function constructor throws.
const forbidCodeGeneration = function Function() {
  throw new TypeErrorClass('Code generation from strings is disabled in runbooks.');
};
defineProperty(forbidCodeGeneration, 'prototype', { value: FunctionPrototype, writable: false });
const samples = [function () {}, async function () {}, function* () {}, async function* () {}];
for (let index = 0; index < samples.length; index += 1) {
  defineProperty(getPrototypeOf(samples[index]), 'constructor', {
    value: forbidCodeGeneration,
    writable: false,
    enumerable: false,
    configurable: false,
  });
}
defineProperty(globalThis, 'Function', { value: forbidCodeGeneration, writable: false, configurable: false });
defineProperty(globalThis, 'eval', { value: forbidCodeGeneration, writable: false, configurable: false });
delete globalThis.WebAssembly;
delete globalThis.SharedArrayBuffer;
delete globalThis.Atomics;

let loggedCharacters = 0;
function makeLogger(level) {
  return function () {
    if (loggedCharacters > maxLogCharacters) return;
    let text = '';
    for (let index = 0; index < arguments.length; index += 1) {
      if (index > 0) text += ' ';
      text += format(arguments[index]);
    }
    loggedCharacters += text.length + 1;
    hostLog(level, text);
  };
}
const log = freeze({ info: makeLogger('info'), warn: makeLogger('warn'), error: makeLogger('error') });
const consoleObject = freeze({
  log: log.info,
  info: log.info,
  debug: log.info,
  warn: log.warn,
  error: log.error,
});
defineProperty(globalThis, 'console', { value: consoleObject, writable: false, configurable: false });

function headerPairs(headers) {
  const pairs = [];
  if (headers === undefined || headers === null) return pairs;
  if (isArray(headers)) {
    for (let index = 0; index < headers.length; index += 1) {
      apply(arrayPush, pairs, [[toText(headers[index][0]), toText(headers[index][1])]]);
    }
    return pairs;
  }
  const names = keys(headers);
  for (let index = 0; index < names.length; index += 1) {
    apply(arrayPush, pairs, [[toText(names[index]), toText(headers[names[index]])]]);
  }
  return pairs;
}

function toResponse(text) {
  const outcome = parse(text);
  if (!outcome.ok) throw new FetchError(outcome.error.message, outcome.error.retryable);
  const response = outcome.response;
  const headers = new MapClass();
  for (let index = 0; index < response.headers.length; index += 1) {
    apply(mapSet, headers, [response.headers[index][0], response.headers[index][1]]);
  }
  let bodyUsed = false;
  const takeBody = () => {
    if (bodyUsed) throw new TypeErrorClass('The response body was already read.');
    bodyUsed = true;
    return response.body;
  };
  const headerName = (name) => apply(toLowerCase, toText(name), []);
  return freeze({
    url: response.url,
    status: response.status,
    statusText: response.statusText,
    ok: response.status >= 200 && response.status < 300,
    redirected: response.redirected,
    headers: freeze({
      get: (name) => (apply(mapHas, headers, [headerName(name)]) ? apply(mapGet, headers, [headerName(name)]) : null),
      has: (name) => apply(mapHas, headers, [headerName(name)]),
      entries: () => response.headers.map((pair) => [pair[0], pair[1]]),
    }),
    text: async () => takeBody(),
    json: async () => parse(takeBody()),
  });
}

const waiting = new MapClass();
let lastRequestId = 0;

function deliver(requestId, outcomeJson) {
  const resolve = apply(mapGet, waiting, [requestId]);
  if (resolve === undefined) return;
  apply(mapDelete, waiting, [requestId]);
  resolve(outcomeJson);
}

function fetchCapability(resource, init) {
  const options = init === undefined || init === null ? {} : init;
  const request = {
    url: toText(resource),
    method: toText(options.method === undefined ? 'GET' : options.method),
    headers: headerPairs(options.headers),
    body: options.body === undefined || options.body === null ? null : toText(options.body),
  };
  lastRequestId += 1;
  const requestId = lastRequestId;
  const outcome = new PromiseClass((resolve) => apply(mapSet, waiting, [requestId, resolve]));
  hostFetch(requestId, stringify(request));
  return apply(promiseThen, outcome, [toResponse]);
}

function settle(value) {
  try {
    return stringify({ ok: true, value: value === undefined ? null : value });
  } catch (error) {
    return stringify({
      ok: false,
      error: { phase: 'result', name: 'TypeError', message: 'The return value is not JSON: ' + toText(error.message), line: null, retryable: false },
    });
  }
}

function start() {
  if (compileError !== null) return stringify({ ok: false, error: compileError });
  const pending = runbook(input, freeze(secrets), log, fetchCapability, consoleObject);
  return apply(promiseThen, pending, [settle, (error) => stringify({ ok: false, error: describe(error, 'run') })]);
}

return { deliver, start };
`;
