export {
  FORBIDDEN_VARIABLES,
  loadRunnerConfig,
  type RunnerConfig,
  RunnerConfigError,
} from './config.ts';
export { type RunningRunner, type StartRunnerOptions, startRunner } from './runner.ts';
export { type RunnerSupervisor, type SupervisorOptions, superviseRunner } from './supervisor.ts';
