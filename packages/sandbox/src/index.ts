export {
  formatHostRule,
  type HostRule,
  hostOfUrl,
  isHostAllowed,
  parseHostRule,
} from './allowed-hosts.ts';
export {
  type FetchRequest,
  type FetchResponse,
  guardedFetch,
  NetworkFailedError,
  type NetworkPolicy,
} from './guarded-fetch.ts';
export {
  createMasker,
  MASK,
  type Masker,
  maskHead,
  maskJson,
  type NamedSecret,
} from './mask-output.ts';
export { type AddressClass, classifyAddress, NetworkRefusedError } from './network-guard.ts';
export { type LogLevel, type LogLine, OutputBudget } from './output-budget.ts';
export {
  type RunError,
  type RunErrorCode,
  type RunOutcome,
  type RunScriptOptions,
  type RunStatus,
  runScript,
} from './run-script.ts';
