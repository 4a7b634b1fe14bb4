import { useMemo, useState } from 'react';
import { Field } from '../../../components/Field.tsx';
import { ParameterFields } from '../parameters/ParameterFields.tsx';
import {
  initialParameterValues,
  type ParameterValues,
  planParameterForm,
} from '../parameters/parameter-form.ts';
import { checkSchemaText } from './runbook-draft.ts';

/**
 * Edits the parameters JSON Schema as text, shows what is wrong with it as it is typed, and
 * previews the form that responders will fill in before a run.
 */
export function SchemaEditor({
  value,
  onChange,
  readOnly,
  serverError,
}: {
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  serverError: string | null;
}) {
  const check = useMemo(() => checkSchemaText(value), [value]);
  const error = check.ok ? serverError : check.error;

  return (
    <div className="schema-editor">
      <Field
        label="Parameters (JSON Schema)"
        hint='An object schema; each property becomes a field of the run form. Supported in the form: string, number, integer, boolean and enum, with "required", "default", "title" and "description".'
        error={error}
      >
        <textarea
          className="code-textarea"
          rows={12}
          spellCheck={false}
          readOnly={readOnly}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      </Field>
      <div className="schema-preview">
        <h3>Run form preview</h3>
        {check.ok ? (
          <SchemaPreview schema={check.schema} />
        ) : (
          <p className="muted small">The preview appears once the schema is valid JSON.</p>
        )}
      </div>
    </div>
  );
}

function SchemaPreview({ schema }: { schema: Record<string, unknown> }) {
  const plan = useMemo(() => planParameterForm(schema), [schema]);
  const [values, setValues] = useState<ParameterValues>(() => initialParameterValues(plan, schema));
  // Starts again from the defaults whenever the schema text changes.
  const [shownFor, setShownFor] = useState(schema);
  if (shownFor !== schema) {
    setShownFor(schema);
    setValues(initialParameterValues(plan, schema));
  }
  return (
    <fieldset className="preview-fieldset">
      <legend className="visually-hidden">Run form preview; nothing here is saved</legend>
      <ParameterFields plan={plan} values={values} onChange={setValues} errors={{}} />
    </fieldset>
  );
}
