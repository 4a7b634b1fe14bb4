/** Formats labels for the text area, one `key=value` pair per line. */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

/**
 * Parses one `key=value` pair per line; blank lines are skipped and the value may contain
 * further `=` signs. Returns the first malformed line as an error.
 */
export function parseLabels(
  text: string,
): { ok: true; labels: Record<string, string> } | { ok: false; error: string } {
  const labels: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const separator = line.indexOf('=');
    const key = separator > 0 ? line.slice(0, separator).trim() : '';
    if (!key) {
      return { ok: false, error: `Line ${index + 1} must be key=value, e.g. severity=critical.` };
    }
    labels[key] = line.slice(separator + 1).trim();
  }
  return { ok: true, labels };
}
