import type { RouterOutputs } from '../../lib/trpc.ts';

export type VersionStatus = RouterOutputs['runbooks']['versions'][number]['status'];
export type Execution = RouterOutputs['runbooks']['executions']['forIncident'][number];
export type ExecutionStatus = Execution['status'];
export type TriggerType = Execution['trigger']['type'];

/** Icon, word and badge class of each version status; the word carries the meaning. */
export const VERSION_STATUS: Record<VersionStatus, { icon: string; text: string; tone: string }> = {
  DRAFT: { icon: '✎', text: 'Draft', tone: 'badge-draft' },
  APPROVED: { icon: '✓', text: 'Approved', tone: 'badge-on' },
  DEPRECATED: { icon: '⊘', text: 'Deprecated', tone: 'badge-off' },
};

export const EXECUTION_STATUS: Record<
  ExecutionStatus,
  { icon: string; text: string; tone: string }
> = {
  QUEUED: { icon: '◷', text: 'Queued', tone: '' },
  RUNNING: { icon: '▶', text: 'Running', tone: 'badge-now' },
  SUCCEEDED: { icon: '✓', text: 'Succeeded', tone: 'badge-on' },
  FAILED: { icon: '✕', text: 'Failed', tone: 'badge-bad' },
  TIMED_OUT: { icon: '⧗', text: 'Timed out', tone: 'badge-bad' },
  CANCELLED: { icon: '⊘', text: 'Cancelled', tone: 'badge-off' },
};

export const TRIGGER_LABELS: Record<TriggerType, string> = {
  manual: 'Manual run',
  rule: 'Automatic rule',
  dry_run: 'Dry run',
  rerun: 'Re-run of a dead letter',
};

const FINISHED: ExecutionStatus[] = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED'];

export function isFinished(status: ExecutionStatus): boolean {
  return FINISHED.includes(status);
}

/** Describes who or what started a run, with the user's name when it is known. */
export function describeTrigger(
  trigger: Execution['trigger'],
  userNames: Map<string, string>,
): string {
  const label = TRIGGER_LABELS[trigger.type];
  const name = trigger.userId ? userNames.get(trigger.userId) : undefined;
  return name ? `${label} by ${name}` : label;
}

/** Formats milliseconds as "850 ms" or "12.4 s", for run durations. */
export function formatMilliseconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

const logTimeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** Formats a log line's time with seconds, e.g. "03:12:45". */
export function formatLogTime(iso: string): string {
  return logTimeFormat.format(new Date(iso));
}
