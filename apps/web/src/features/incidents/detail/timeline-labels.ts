import type { TimelineEntry } from '@pagefree/contracts';

const CHANNEL_NAMES: Record<string, string> = { push: 'push', email: 'email', webhook: 'webhook' };

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** Names the actor: a person's name, or the kind of actor for tools and the system. */
export function actorLabel(entry: TimelineEntry): string {
  if (entry.actor.name) return entry.actor.name;
  switch (entry.actor.type) {
    case 'integration':
      return 'Monitoring integration';
    case 'system':
      return 'PageFree';
    case 'api_key':
      return 'API key';
    default:
      return entry.actor.type;
  }
}

/**
 * Describes each timeline event type the server writes in a sentence. Unknown types (from a
 * newer server) still show, by their type name.
 */
export function describeEntry(entry: TimelineEntry, userNames: Map<string, string>): string {
  const data = entry.data;
  const user = (key: string) => userNames.get(text(data[key])) ?? 'a user';
  switch (entry.type) {
    case 'triggered':
      return 'Triggered';
    case 'acknowledged':
      return 'Acknowledged';
    case 'resolved':
      return 'Resolved';
    case 'reassigned':
      return `Reassigned to ${user('to')}`;
    case 'priority_changed':
      return `Priority changed from ${text(data.from)} to ${text(data.to)}`;
    case 'note_added':
      return 'Note';
    case 'escalated': {
      const ids = Array.isArray(data.userIds) ? data.userIds.map(text) : [];
      const names = ids.map((id) => userNames.get(id) ?? 'a user').join(', ');
      return `Escalated to level ${text(data.level)}${names ? `, paging ${names}` : ''}`;
    }
    case 'escalation_exhausted':
      return 'Escalation policy exhausted; nobody acknowledged';
    case 'escalation_no_targets':
      return data.level
        ? `Escalation level ${text(data.level)} had nobody on call to page`
        : 'No escalation policy level applies, so nobody was paged';
    case 'notification_sent':
      return `Paged ${user('userId')} by ${CHANNEL_NAMES[text(data.channel)] ?? text(data.channel)}`;
    case 'notification_failed':
      return `Page to ${user('userId')} by ${CHANNEL_NAMES[text(data.channel)] ?? text(data.channel)} failed${data.error ? `: ${text(data.error)}` : ''}`;
    default:
      return entry.type.replaceAll('_', ' ');
  }
}

/** Returns a one-character marker per event kind; the UI shows it next to the text, never alone. */
export function entryIcon(type: string): string {
  switch (type) {
    case 'triggered':
      return '!';
    case 'acknowledged':
      return '◔';
    case 'resolved':
      return '✓';
    case 'note_added':
      return '✎';
    case 'notification_failed':
      return '✕';
    case 'notification_sent':
      return '→';
    default:
      return '•';
  }
}
