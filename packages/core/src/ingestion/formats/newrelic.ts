import type { AlertAction, Severity } from '@pagefree/db';
import type { NormalizedAlert } from '../normalized-alert.ts';
import { PayloadFormatError } from '../normalized-alert.ts';
import {
  buildLinks,
  lookup,
  MAX_DESCRIPTION_LENGTH,
  MAX_SUMMARY_LENGTH,
  readText,
  requireJsonObject,
  truncate,
} from './fields.ts';

type Priority = NormalizedAlert['priority'];

const ACTION_BY_STATE: Record<string, AlertAction> = {
  ACTIVATED: 'trigger',
  CREATED: 'trigger',
  ACKNOWLEDGED: 'acknowledge',
  CLOSED: 'resolve',
};

const LEVEL_BY_PRIORITY: Record<string, { priority: Priority; severity: Severity }> = {
  CRITICAL: { priority: 'P1', severity: 'critical' },
  HIGH: { priority: 'P2', severity: 'error' },
  MEDIUM: { priority: 'P3', severity: 'warning' },
  LOW: { priority: 'P4', severity: 'info' },
};

/**
 * Parses a New Relic workflow webhook that uses the default template into one alert keyed
 * by the issue `id`. The issue `state` sets the action: CLOSED resolves, ACKNOWLEDGED
 * acknowledges, and ACTIVATED or CREATED triggers.
 */
export function parseNewRelic(body: unknown): NormalizedAlert[] {
  const issue = requireJsonObject(body);

  const issueId = readText(issue.id);
  if (issueId === null) {
    throw new PayloadFormatError('id', 'is missing. Send the issue id as id.');
  }

  const state = readText(issue.state)?.toUpperCase() ?? '';
  const action = lookup(ACTION_BY_STATE, state);
  if (action === undefined) {
    throw new PayloadFormatError(
      'state',
      `must be one of ${Object.keys(ACTION_BY_STATE).join(', ')}`,
    );
  }

  const title = readFirstText(issue.title);
  if (title === null) {
    throw new PayloadFormatError(
      'title',
      'is missing. Send the issue title as a string or an array of strings.',
    );
  }

  const level = lookup(LEVEL_BY_PRIORITY, readText(issue.priority)?.toUpperCase() ?? '');

  return [
    {
      dedupKey: issueId,
      action,
      summary: truncate(title, MAX_SUMMARY_LENGTH),
      description: truncate(describeIssue(issue), MAX_DESCRIPTION_LENGTH),
      severity: level?.severity ?? 'error',
      priority: level?.priority ?? null,
      source: readFirstListItem(issue.sources),
      serviceHint: readFirstListItem(issue.impactedEntities),
      links: buildLinks([{ href: issue.issueUrl, text: 'New Relic issue' }]),
      payload: issue,
    },
  ];
}

/** Returns the first non-empty entry of an array, or the value itself when it is not an array. */
function readFirstText(value: unknown): string | null {
  const entries = Array.isArray(value) ? value : [value];
  return readTextList(entries)[0] ?? null;
}

/**
 * Returns the first name in a list. Templates that render the list with `{{json ...}}` send
 * an array, and templates that render it bare send the names joined by commas.
 */
function readFirstListItem(value: unknown): string | null {
  if (typeof value === 'string') {
    return readText(value.split(',')[0]);
  }
  return readFirstText(value);
}

/** Lists the alert policies and conditions that opened the issue, one line each. */
function describeIssue(issue: Record<string, unknown>): string {
  const lines: string[] = [];

  const policies = readTextList(issue.alertPolicyNames);
  if (policies.length > 0) {
    lines.push(`Policy: ${policies.join(', ')}`);
  }

  const conditions = readTextList(issue.alertConditionNames);
  if (conditions.length > 0) {
    lines.push(`Condition: ${conditions.join(', ')}`);
  }

  return lines.join('\n');
}

function readTextList(value: unknown): string[] {
  const entries = Array.isArray(value) ? value : [value];
  return entries.map(readText).filter((text) => text !== null);
}
