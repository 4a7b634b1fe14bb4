import { describe, expect, it } from 'vitest';
import { runScript } from '../src/run-script.ts';
import { runOptions } from './support/run-options.ts';

// What a script could find of the Node.js host if it escaped. Any of these on an object it
// reaches means it has a host object.
const PROBE_HELPERS = `
const arrayPush = Array.prototype.push;
// Array.prototype.push is replaced further down, so the probes append through this.
const add = (list, ...items) => { for (const item of items) arrayPush.call(list, item); };
const report = { codeGeneration: [], hostObjects: [], attempts: 0 };
const HOST_MARKERS = ['process', 'require', 'module', 'Buffer', 'setImmediate', '__dirname', 'ivm'];
function inspectValue(label, value) {
  report.attempts += 1;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
  for (const marker of HOST_MARKERS) {
    let present = false;
    try { present = marker in value && value[marker] !== undefined; } catch { present = false; }
    if (present) add(report.hostObjects, label + ' has ' + marker);
  }
  try {
    if (value.versions && value.versions.node) add(report.hostObjects, label + ' looks like process');
  } catch {}
}
function tryGenerate(label, make) {
  report.attempts += 1;
  try {
    const result = make();
    if (typeof result === 'function') {
      const value = result();
      add(report.codeGeneration, label);
      inspectValue(label + ' result', value);
    } else if (result !== undefined) {
      add(report.codeGeneration, label);
      inspectValue(label + ' result', result);
    }
  } catch {}
}
`;

const ESCAPE_SCRIPT = `
${PROBE_HELPERS}
// 1. Constructor chains from values of every kind.
const values = [{}, [], '', 1, true, 1n, Symbol('s'), () => {}, async () => {}, function* () {},
  async function* () {}, new Map(), new Set(), Promise.resolve(), new Date(), /x/, new Error('e'),
  input, secrets, log, log.info, fetch, console, console.log, globalThis, Math, JSON, Reflect];
values.forEach((value, index) => {
  tryGenerate('value ' + index + ' constructor chain', () => Object(value).constructor.constructor('return globalThis.process'));
  tryGenerate('value ' + index + ' prototype chain', () => Object.getPrototypeOf(Object(value)).constructor.constructor('return this'));
  inspectValue('value ' + index, value);
});

// 2. Constructor chains from caught errors, including errors the host produced.
const caught = [];
try { null.property; } catch (error) { add(caught, error); }
try { undefined(); } catch (error) { add(caught, error); }
try { new Array(-1); } catch (error) { add(caught, error); }
try { JSON.parse('{'); } catch (error) { add(caught, error); }
try { await fetch('https://denied.example/'); } catch (error) { add(caught, error); }
try { await fetch({ toString() { throw new Error('from toString'); } }); } catch (error) { add(caught, error); }
try { await import('node:fs'); } catch (error) { add(caught, error); }
caught.forEach((error, index) => {
  inspectValue('error ' + index, error);
  tryGenerate('error ' + index + ' constructor chain', () => error.constructor.constructor('return process'));
  tryGenerate('error ' + index + ' __proto__ chain', () => error.__proto__.__proto__.constructor.constructor('return process'));
});

// 3. Prototype pollution: the capabilities keep working and the host is untouched.
Object.prototype.pollutedByRunbook = 'yes';
Array.prototype.push = function () { throw new Error('push replaced'); };
JSON.stringify = () => '"stringify replaced"';
JSON.parse = () => ({ parse: 'replaced' });
String.prototype.toLowerCase = () => 'replaced';
Object.freeze = (value) => value;
Map.prototype.get = () => undefined;
log.info('logged after pollution');

// 4. Error.prepareStackTrace and Error.captureStackTrace: frames expose only isolate values.
Error.prepareStackTrace = (error, frames) => {
  for (const frame of frames) {
    try { inspectValue('frame this', frame.getThis()); } catch {}
    try { inspectValue('frame function', frame.getFunction()); } catch {}
    try { tryGenerate('frame function constructor', () => frame.getFunction().constructor('return process')); } catch {}
  }
  return 'prepared';
};
new Error('trigger').stack;
try { await fetch('https://denied.example/again'); } catch (error) { error.stack; }
const holder = {};
Error.captureStackTrace(holder);
holder.stack;

// 5. Proxy traps on everything that crosses to the host.
const trapArguments = [];
const trap = new Proxy({}, {
  get(target, key, receiver) { add(trapArguments, target, receiver); return key === 'toJSON' ? undefined : 'trapped'; },
  ownKeys(target) { add(trapArguments, target); return []; },
  getOwnPropertyDescriptor(target) { add(trapArguments, target); return undefined; },
});
log.info(trap);
try { await fetch(trap, trap); } catch (error) { add(caught, error); }
try { await fetch('https://denied.example/', { headers: trap, method: trap, body: trap }); } catch {}
trapArguments.forEach((value, index) => inspectValue('trap argument ' + index, value));

// 6. Promise species and a replaced then: record everything handed to them.
const seenByPromise = [];
const originalThen = Promise.prototype.then;
Promise.prototype.then = function (onFulfilled, onRejected) {
  add(seenByPromise, this, onFulfilled, onRejected);
  return originalThen.call(this, onFulfilled, onRejected);
};
Object.defineProperty(Promise, Symbol.species, { get() { add(seenByPromise, this); return Promise; } });
class HostilePromise extends Promise {
  static get [Symbol.species]() { add(seenByPromise, this); return Promise; }
}
await HostilePromise.resolve(1).then((value) => value);
try { await fetch('https://denied.example/species'); } catch {}
seenByPromise.forEach((value, index) => {
  inspectValue('promise value ' + index, value);
  if (typeof value === 'function') {
    tryGenerate('promise callback ' + index + ' constructor', () => value.constructor('return process'));
  }
});
Promise.prototype.then = originalThen;

// 7. Symbol.for hooks the host would honour if it ever inspected isolate objects.
const hooks = ['nodejs.util.inspect.custom', 'nodejs.rejection', 'nodejs.util.promisify.custom', 'nodejs.stream.destroyed'];
for (const name of hooks) {
  Object.prototype[Symbol.for(name)] = function () { add(report.hostObjects, 'host called ' + name); return 'hooked'; };
  inspectValue('symbol registry ' + name, globalThis[Symbol.for(name)]);
}
log.info({ nested: { value: 1 } });

// 8. eval and every function constructor.
tryGenerate('direct eval', () => eval('globalThis'));
tryGenerate('indirect eval', () => (0, eval)('globalThis'));
tryGenerate('eval by name', () => globalThis['ev' + 'al']('globalThis'));
tryGenerate('new Function', () => new Function('return globalThis'));
tryGenerate('Function call', () => Function('return globalThis'));
tryGenerate('Reflect.construct Function', () => Reflect.construct(Function, ['return globalThis']));
tryGenerate('function constructor', () => (function () {}).constructor('return globalThis'));
tryGenerate('async function constructor', () => Object.getPrototypeOf(async function () {}).constructor('return globalThis'));
tryGenerate('generator function constructor', () => Object.getPrototypeOf(function* () {}).constructor('yield globalThis'));
tryGenerate('async generator constructor', () => Object.getPrototypeOf(async function* () {}).constructor('yield globalThis'));
tryGenerate('bound Function', () => Function.prototype.bind.call(Function, null, 'return globalThis')());
tryGenerate('class constructor', () => (class {}).constructor('return globalThis'));
tryGenerate('restore constructor', () => {
  delete Function.prototype.constructor;
  return (function () {}).constructor('return globalThis');
});
tryGenerate('redefine constructor', () => {
  Object.defineProperty(Function.prototype, 'constructor', { value: 1 });
  return undefined;
});
tryGenerate('setTimeout string', () => setTimeout('globalThis.escaped = 1', 0));
tryGenerate('WebAssembly', () => WebAssembly.Module);
(function walkCallers() {
  let current = walkCallers;
  for (let depth = 0; depth < 10 && current; depth += 1) {
    try { current = current.caller; } catch { break; }
    inspectValue('caller ' + depth, current);
    const found = current;
    if (found) tryGenerate('caller ' + depth + ' constructor', () => found.constructor('return process'));
  }
})();

// 9. Dynamic import in every form.
for (const specifier of ['fs', 'node:child_process', 'data:text/javascript,export default globalThis', '/etc/passwd']) {
  try {
    const namespace = await import(specifier);
    add(report.codeGeneration, 'import ' + specifier);
    inspectValue('import ' + specifier, namespace);
  } catch {}
}

// 10. What the global scope holds.
inspectValue('globalThis', globalThis);
inspectValue('this', this);
report.globals = Object.getOwnPropertyNames(globalThis);
report.typeofs = ['process', 'require', 'module', 'Buffer', 'global', 'setTimeout', 'setImmediate', 'queueMicrotask', 'WebAssembly', 'SharedArrayBuffer']
  .map((name) => name + ':' + typeof globalThis[name]);
return report;
`;

// ECMAScript built-ins, Intl, the console the runner installs, and V8's non-standard extras.
const STANDARD_GLOBALS = new Set([
  'Object',
  'Function',
  'Array',
  'Number',
  'parseFloat',
  'parseInt',
  'Infinity',
  'NaN',
  'undefined',
  'Boolean',
  'String',
  'Symbol',
  'Date',
  'Promise',
  'RegExp',
  'Error',
  'AggregateError',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
  'globalThis',
  'JSON',
  'Math',
  'Intl',
  'ArrayBuffer',
  'Uint8Array',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'BigUint64Array',
  'BigInt64Array',
  'Uint8ClampedArray',
  'Float32Array',
  'Float64Array',
  'Float16Array',
  'DataView',
  'Map',
  'BigInt',
  'Set',
  'Iterator',
  'WeakMap',
  'WeakSet',
  'Proxy',
  'Reflect',
  'FinalizationRegistry',
  'WeakRef',
  'decodeURI',
  'decodeURIComponent',
  'encodeURI',
  'encodeURIComponent',
  'escape',
  'unescape',
  'eval',
  'isFinite',
  'isNaN',
  'console',
  'SuppressedError',
  'DisposableStack',
  'AsyncDisposableStack',
]);

describe('sandbox escape attempts', () => {
  it('escape script finds no host object', async () => {
    const outcome = await runScript(runOptions(ESCAPE_SCRIPT, { timeoutMs: 5_000 }));

    expect(outcome.error).toBeNull();
    expect(outcome.status).toBe('succeeded');
    // The result was serialized with the bootstrap's own JSON.stringify, not the replaced one.
    const report = JSON.parse(outcome.result!) as {
      codeGeneration: string[];
      hostObjects: string[];
      attempts: number;
      globals: string[];
      typeofs: string[];
    };
    expect(report.codeGeneration).toEqual([]);
    expect(report.hostObjects).toEqual([]);
    expect(report.attempts).toBeGreaterThan(150);
    expect(report.globals.filter((name) => !STANDARD_GLOBALS.has(name))).toEqual([]);
    expect(report.typeofs).toEqual([
      'process:undefined',
      'require:undefined',
      'module:undefined',
      'Buffer:undefined',
      'global:undefined',
      'setTimeout:undefined',
      'setImmediate:undefined',
      'queueMicrotask:undefined',
      'WebAssembly:undefined',
      'SharedArrayBuffer:undefined',
    ]);
  });

  it('pollution stays inside the isolate', async () => {
    const lines: string[] = [];

    const outcome = await runScript(
      runOptions(ESCAPE_SCRIPT, { timeoutMs: 5_000, onLog: (line) => lines.push(line.message) }),
    );

    expect(outcome.status).toBe('succeeded');
    expect({} as Record<string, unknown>).not.toHaveProperty('pollutedByRunbook');
    expect(JSON.stringify({ a: 1 })).toBe('{"a":1}');
    expect('ABC'.toLowerCase()).toBe('abc');
    expect(lines).toContain('logged after pollution');
    expect(lines).toContain('{"nested":{"value":1}}');
  });

  it('next run starts from clean built-ins', async () => {
    await runScript(
      runOptions(`Object.prototype.leftOver = 1; Array.prototype.map = null; globalThis.kept = 1;`),
    );

    const outcome = await runScript(
      runOptions(
        `return { leftOver: ({}).leftOver ?? null, map: typeof [].map, kept: typeof globalThis.kept };`,
      ),
    );

    expect(JSON.parse(outcome.result!)).toEqual({
      leftOver: null,
      map: 'function',
      kept: 'undefined',
    });
  });

  it.each([
    ['direct eval', `return eval('1 + 1');`],
    ['new Function', `return new Function('return 1')();`],
    ['constructor of a function', `return (() => 0).constructor('return 1')();`],
    [
      'async function constructor',
      `return await Object.getPrototypeOf(async () => {}).constructor('return 1')();`,
    ],
  ])('%s is refused', async (_name, script) => {
    const outcome = await runScript(runOptions(script));

    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toBe('script_error');
    expect(outcome.error?.message).toContain('Code generation from strings is disabled');
  });

  it('dynamic import is rejected', async () => {
    const outcome = await runScript(runOptions(`return await import('node:fs');`));

    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toBe('script_error');
  });

  it('script cannot break out of its function wrapper', async () => {
    const outcome = await runScript(runOptions(`return 1; }); globalThis.escaped = (() => { `));

    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toBe('syntax_error');
  });
});
