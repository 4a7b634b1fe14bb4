import { parsePatch } from 'diff';

export type DiffLineKind = 'context' | 'add' | 'remove';

export interface DiffLine {
  kind: DiffLineKind;
  oldNumber: number | null;
  newNumber: number | null;
  text: string;
  /** The line ends its text without a newline, which alone can make it differ. */
  noNewlineAtEnd?: boolean;
}

export interface DiffHunk {
  /** The hunk header, e.g. "@@ -3,7 +3,8 @@". */
  header: string;
  lines: DiffLine[];
}

export type ParsedPatch = { kind: 'hunks'; hunks: DiffHunk[] } | { kind: 'note'; text: string };

/**
 * Parses a unified diff from the server's `runbooks.diff` into numbered lines. When two
 * texts differ too much to compare line by line, the server sends a sentence instead of a
 * patch, and that sentence comes back as a note.
 */
export function parseUnifiedPatch(patch: string): ParsedPatch {
  let hunks: DiffHunk[];
  try {
    hunks = parsePatch(patch).flatMap((file) =>
      file.hunks.map((hunk) => {
        let oldNumber = hunk.oldStart;
        let newNumber = hunk.newStart;
        const lines: DiffLine[] = [];
        for (const line of hunk.lines) {
          const sign = line[0];
          const text = line.slice(1);
          if (sign === '+')
            lines.push({ kind: 'add', oldNumber: null, newNumber: newNumber++, text });
          else if (sign === '-') {
            lines.push({ kind: 'remove', oldNumber: oldNumber++, newNumber: null, text });
          } else if (sign === ' ') {
            lines.push({ kind: 'context', oldNumber: oldNumber++, newNumber: newNumber++, text });
          } else if (sign === '\\') {
            // "\ No newline at end of file" describes the line before it.
            const previous = lines.at(-1);
            if (previous) previous.noNewlineAtEnd = true;
          }
        }
        const header = `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
        return { header, lines };
      }),
    );
  } catch {
    return { kind: 'note', text: patch };
  }
  return hunks.length > 0 ? { kind: 'hunks', hunks } : { kind: 'note', text: patch };
}

export interface SideBySideRow {
  left: DiffLine | null;
  right: DiffLine | null;
}

/**
 * Pairs a hunk's lines for a two-column view: context lines sit on both sides, and each run
 * of removed lines is matched line by line with the added lines that follow it.
 */
export function toSideBySide(lines: DiffLine[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];

  const flush = () => {
    for (let index = 0; index < Math.max(removed.length, added.length); index += 1) {
      rows.push({ left: removed[index] ?? null, right: added[index] ?? null });
    }
    removed = [];
    added = [];
  };

  for (const line of lines) {
    if (line.kind === 'context') {
      flush();
      rows.push({ left: line, right: line });
    } else if (line.kind === 'remove') {
      if (added.length > 0) flush();
      removed.push(line);
    } else {
      added.push(line);
    }
  }
  flush();
  return rows;
}
