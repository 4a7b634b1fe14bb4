/**
 * Reads labels from an alert payload as stored: `labels` (Alertmanager, Grafana, generic JSON
 * with a labels object) or `tags` as "key:value" strings (Datadog). Only string values count.
 * Other formats carry no labels, so rules with labels never match their incidents.
 */
export function labelsOfPayload(payload: unknown): Record<string, string> {
  if (payload === null || typeof payload !== 'object') return {};
  const labels: Record<string, string> = {};
  const object = payload as { labels?: unknown; tags?: unknown };

  if (
    object.labels !== null &&
    typeof object.labels === 'object' &&
    !Array.isArray(object.labels)
  ) {
    for (const [key, value] of Object.entries(object.labels)) {
      if (typeof value === 'string') labels[key] = value;
    }
  }
  const tags =
    typeof object.tags === 'string'
      ? object.tags.split(',')
      : Array.isArray(object.tags)
        ? object.tags
        : [];
  for (const tag of tags) {
    if (typeof tag !== 'string') continue;
    const separator = tag.indexOf(':');
    if (separator > 0) labels[tag.slice(0, separator).trim()] ??= tag.slice(separator + 1).trim();
  }
  return labels;
}

/** True when every pair of `required` appears in `labels`. */
export function labelsMatch(
  required: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  return Object.entries(required).every(([key, value]) => labels[key] === value);
}
