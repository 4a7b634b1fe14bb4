import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { errorField, errorMessage } from '../../../lib/errors.ts';
import {
  type DraftCheck,
  draftFieldOf,
  draftToContent,
  parseLines,
  type RunbookContent,
  type RunbookDraft,
  TIMEOUT_SECONDS,
} from './runbook-draft.ts';
import { SchemaEditor } from './SchemaEditor.tsx';
import { ScriptEditor } from './ScriptEditor.tsx';

/**
 * Renders the runbook form: name, description, script, parameters schema, allowed hosts,
 * secret names and time limit. The caller saves the content, as a new runbook or a new
 * draft version. In read-only mode every control shows its value without accepting changes.
 */
export function RunbookEditor({
  initial,
  readOnly,
  ownerControl,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
  renderAfter,
}: {
  initial: RunbookDraft;
  readOnly: boolean;
  /** The owning team: a picker when creating, a fixed label when editing. */
  ownerControl: ReactNode;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (content: RunbookContent) => void;
  onCancel?: () => void;
  /** Renders below the form with the secret names as typed, for the secret values panel. */
  renderAfter?: (secretNames: string[]) => ReactNode;
}) {
  const [draft, setDraft] = useState(initial);
  const [localError, setLocalError] = useState<Extract<DraftCheck, { ok: false }> | null>(null);
  const scriptLabelId = useId();
  const scriptHintId = useId();
  const scriptErrorId = useId();

  const serverField = draftFieldOf(errorField(error));
  const fieldError = (field: keyof RunbookDraft): string | null => {
    if (localError?.field === field) return localError.error;
    if (serverField === field) return errorMessage(error);
    return null;
  };
  const set = (field: keyof RunbookDraft) => (value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    if (localError?.field === field) setLocalError(null);
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const check = draftToContent(draft);
    if (!check.ok) {
      setLocalError(check);
      return;
    }
    setLocalError(null);
    onSubmit(check.content);
  }

  const scriptError = fieldError('script');
  return (
    <>
      <form className="runbook-editor" onSubmit={submit} aria-label="Runbook">
        <div className="field-row">
          <Field label="Name" error={fieldError('name')}>
            <input
              required
              maxLength={120}
              readOnly={readOnly}
              value={draft.name}
              onChange={(event) => set('name')(event.target.value)}
            />
          </Field>
          {ownerControl}
          <Field
            label="Time limit (seconds)"
            hint={`From ${TIMEOUT_SECONDS.min} to ${TIMEOUT_SECONDS.max}; the run is stopped when it is reached.`}
            error={fieldError('timeoutSeconds')}
          >
            <input
              type="number"
              inputMode="numeric"
              required
              min={TIMEOUT_SECONDS.min}
              max={TIMEOUT_SECONDS.max}
              step={1}
              readOnly={readOnly}
              value={draft.timeoutSeconds}
              onChange={(event) => set('timeoutSeconds')(event.target.value)}
            />
          </Field>
        </div>
        <Field label="Description" error={fieldError('description')}>
          <textarea
            rows={2}
            maxLength={4000}
            readOnly={readOnly}
            value={draft.description}
            onChange={(event) => set('description')(event.target.value)}
          />
        </Field>

        <div className={`field${scriptError ? ' field-invalid' : ''}`}>
          <span className="field-label" id={scriptLabelId}>
            Script (JavaScript)
          </span>
          <ScriptEditor
            value={draft.script}
            onChange={set('script')}
            readOnly={readOnly}
            labelId={scriptLabelId}
            describedBy={[scriptHintId, scriptError ? scriptErrorId : ''].filter(Boolean).join(' ')}
            invalid={Boolean(scriptError)}
          />
          <p className="field-hint" id={scriptHintId}>
            The body of an async function that receives input, secrets, log, fetch and console, and
            returns the run's result. Tab indents; press Escape, then Tab, to leave the editor.
          </p>
          {scriptError ? (
            <p className="field-error" id={scriptErrorId}>
              {scriptError}
            </p>
          ) : null}
        </div>

        <SchemaEditor
          value={draft.schemaText}
          onChange={set('schemaText')}
          readOnly={readOnly}
          serverError={fieldError('schemaText')}
        />

        <div className="field-row">
          <Field
            label="Allowed hosts"
            hint="One per line, e.g. api.example.com or api.example.com:8443. fetch() reaches only these, over HTTPS."
            error={fieldError('allowedHosts')}
          >
            <textarea
              rows={3}
              spellCheck={false}
              readOnly={readOnly}
              value={draft.allowedHosts}
              onChange={(event) => set('allowedHosts')(event.target.value)}
            />
          </Field>
          <Field
            label="Private network hosts"
            hint="Allowed hosts that may resolve to private addresses; each must also be an allowed host."
            error={fieldError('privateNetworkHosts')}
          >
            <textarea
              rows={3}
              spellCheck={false}
              readOnly={readOnly}
              value={draft.privateNetworkHosts}
              onChange={(event) => set('privateNetworkHosts')(event.target.value)}
            />
          </Field>
          <Field
            label="Secret names"
            hint="One per line, upper case, e.g. DEPLOY_TOKEN. The script reads secrets.DEPLOY_TOKEN; set values below."
            error={fieldError('secretNames')}
          >
            <textarea
              rows={3}
              spellCheck={false}
              readOnly={readOnly}
              value={draft.secretNames}
              onChange={(event) => set('secretNames')(event.target.value.toUpperCase())}
            />
          </Field>
        </div>

        {readOnly ? null : (
          <>
            <Field
              label="Change note"
              hint="What changed and why; reviewers read it in the approval queue."
              error={fieldError('changeNote')}
            >
              <input
                maxLength={1000}
                value={draft.changeNote}
                onChange={(event) => set('changeNote')(event.target.value)}
              />
            </Field>
            {error && !serverField ? (
              <p className="inline-error" role="alert">
                {errorMessage(error)}
              </p>
            ) : null}
            {localError || serverField ? (
              <p className="inline-error" role="alert">
                Fix the marked field, then save again.
              </p>
            ) : null}
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={pending}>
                {pending ? 'Saving…' : submitLabel}
              </button>
              {onCancel ? (
                <button type="button" className="button" onClick={onCancel}>
                  Cancel
                </button>
              ) : null}
            </div>
          </>
        )}
      </form>
      {renderAfter?.(parseLines(draft.secretNames))}
    </>
  );
}
