import { javascript } from '@codemirror/lang-javascript';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useEffect, useMemo } from 'react';
import { adoptEditorStyles } from './adopt-editor-styles.ts';
import { usePrefersDark } from './use-prefers-dark.ts';

/**
 * Renders the script in CodeMirror with JavaScript highlighting, in the system's light or
 * dark scheme. Tab indents, and Escape then Tab moves focus on (CodeMirror's own rule), so
 * keyboard users are never trapped. Read-only mode stays focusable so the code can be read.
 */
export function ScriptEditor({
  value,
  onChange,
  readOnly,
  labelId,
  describedBy,
  invalid,
}: {
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  labelId: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const dark = usePrefersDark();
  useEffect(adoptEditorStyles, []);
  const extensions = useMemo(() => {
    const attributes: Record<string, string> = {
      'aria-labelledby': labelId,
      'aria-invalid': invalid ? 'true' : 'false',
    };
    if (describedBy) attributes['aria-describedby'] = describedBy;
    if (readOnly) {
      attributes.tabindex = '0';
      attributes['aria-readonly'] = 'true';
    }
    return [javascript(), EditorView.lineWrapping, EditorView.contentAttributes.of(attributes)];
  }, [labelId, describedBy, invalid, readOnly]);

  return (
    <div className={`code-editor${invalid ? ' is-invalid' : ''}`}>
      <CodeMirror
        value={value}
        onChange={onChange}
        editable={!readOnly}
        readOnly={readOnly}
        theme={dark ? 'dark' : 'light'}
        extensions={extensions}
        minHeight="220px"
        maxHeight="560px"
        basicSetup={{ foldGutter: false, autocompletion: !readOnly }}
      />
    </div>
  );
}
