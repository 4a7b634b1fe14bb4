import { Fragment } from 'react';
import { type DiffLine, type DiffLineKind, parseUnifiedPatch, toSideBySide } from './diff-rows.ts';

export type DiffLayout = 'unified' | 'split';

const SIGNS: Record<DiffLineKind, string> = { add: '+', remove: '−', context: ' ' };
const SPOKEN: Record<DiffLineKind, string> = { add: 'added', remove: 'removed', context: '' };

/**
 * Renders one file's unified diff as a table, in one column or side by side. Every changed
 * line carries a + or − sign and a hidden "added"/"removed" word, so colour is never the
 * only signal.
 */
export function PatchView({
  title,
  patch,
  layout,
}: {
  title: string;
  patch: string;
  layout: DiffLayout;
}) {
  if (!patch) {
    return (
      <p className="muted small">
        {title}: <span>unchanged</span>
      </p>
    );
  }
  const parsed = parseUnifiedPatch(patch);
  if (parsed.kind === 'note') {
    return (
      <p className="notice">
        {title}: {parsed.text}
      </p>
    );
  }

  return (
    <div className="diff-file">
      <h4>{title}</h4>
      <div className="table-scroll">
        <table className={`diff diff-${layout}`}>
          <caption className="visually-hidden">
            Changes to {title}, {layout === 'unified' ? 'one column' : 'side by side'}
          </caption>
          {parsed.hunks.map((hunk) => (
            <tbody key={hunk.header}>
              <tr className="diff-hunk">
                <td className="diff-hunk-cell" colSpan={layout === 'unified' ? 3 : 4}>
                  {hunk.header}
                </td>
              </tr>
              {layout === 'unified'
                ? hunk.lines.map((line) => (
                    <tr key={`${line.oldNumber}:${line.newNumber}`} className={`diff-${line.kind}`}>
                      <td className="diff-number">{line.oldNumber ?? ''}</td>
                      <td className="diff-number">{line.newNumber ?? ''}</td>
                      <LineCell line={line} />
                    </tr>
                  ))
                : toSideBySide(hunk.lines).map((row) => (
                    <tr key={`${row.left?.oldNumber}:${row.right?.newNumber}`}>
                      <SideCells line={row.left} number={row.left?.oldNumber ?? null} />
                      <SideCells line={row.right} number={row.right?.newNumber ?? null} />
                    </tr>
                  ))}
            </tbody>
          ))}
        </table>
      </div>
    </div>
  );
}

function LineCell({ line }: { line: DiffLine }) {
  return (
    <td className={`diff-text diff-${line.kind}`}>
      <span className="diff-sign" aria-hidden="true">
        {SIGNS[line.kind]}
      </span>
      {SPOKEN[line.kind] ? <span className="visually-hidden">{SPOKEN[line.kind]}: </span> : null}
      {line.text}
      {line.noNewlineAtEnd ? <span className="diff-eof"> (no newline at end of file)</span> : null}
    </td>
  );
}

function SideCells({ line, number }: { line: DiffLine | null; number: number | null }) {
  if (!line) {
    return (
      <Fragment>
        <td className="diff-number" />
        <td className="diff-text diff-empty" />
      </Fragment>
    );
  }
  return (
    <Fragment>
      <td className="diff-number">{number ?? ''}</td>
      <LineCell line={line} />
    </Fragment>
  );
}
