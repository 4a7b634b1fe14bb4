import { useId } from 'react';
import { Field } from '../../../components/Field.tsx';
import {
  FORM_ERROR,
  type ParameterField,
  type ParameterPlan,
  type ParameterValues,
} from './parameter-form.ts';

/**
 * Renders the parameter form generated from a runbook's JSON Schema, or a JSON text area
 * when the schema is more than flat fields. Controlled: the parent keeps `values`.
 */
export function ParameterFields({
  plan,
  values,
  onChange,
  errors,
  disabled,
}: {
  plan: ParameterPlan;
  values: ParameterValues;
  onChange: (values: ParameterValues) => void;
  errors: Record<string, string>;
  disabled?: boolean;
}) {
  const formError = errors[FORM_ERROR] ?? null;

  if (plan.kind === 'json') {
    return (
      <Field
        label="Parameters (JSON)"
        hint={`${plan.reason} Enter the parameters as a JSON object; the server checks them against the schema.`}
        error={formError}
      >
        <textarea
          className="code-textarea"
          rows={6}
          spellCheck={false}
          value={values.json}
          disabled={disabled}
          onChange={(event) => onChange({ ...values, json: event.target.value })}
        />
      </Field>
    );
  }

  if (plan.fields.length === 0) {
    return <p className="muted small">This runbook takes no parameters.</p>;
  }
  const setField = (name: string, value: string | boolean) =>
    onChange({ ...values, fields: { ...values.fields, [name]: value } });

  return (
    <div className="parameter-fields">
      {plan.fields.map((field) => (
        <ParameterInput
          key={field.name}
          field={field}
          value={values.fields[field.name] ?? ''}
          error={errors[field.name] ?? null}
          disabled={disabled}
          onChange={(value) => setField(field.name, value)}
        />
      ))}
      {formError ? (
        <p className="inline-error" role="alert">
          {formError}
        </p>
      ) : null}
    </div>
  );
}

function ParameterInput({
  field,
  value,
  error,
  disabled,
  onChange,
}: {
  field: ParameterField;
  value: string | boolean;
  error: string | null;
  disabled?: boolean;
  onChange: (value: string | boolean) => void;
}) {
  const checkboxId = useId();
  const label = field.required ? `${field.label} (required)` : field.label;
  const hint = hintOf(field);

  if (field.kind === 'boolean') {
    return (
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label className="checkbox" htmlFor={checkboxId}>
          <input
            id={checkboxId}
            type="checkbox"
            checked={value === true}
            disabled={disabled}
            aria-describedby={hint ? `${checkboxId}-hint` : undefined}
            onChange={(event) => onChange(event.target.checked)}
          />
          {label}
        </label>
        {hint ? (
          <p className="field-hint" id={`${checkboxId}-hint`}>
            {hint}
          </p>
        ) : null}
        {error ? <p className="field-error">{error}</p> : null}
      </div>
    );
  }

  if (field.kind === 'enum') {
    const hasDefault = field.defaultValue !== undefined;
    return (
      <Field label={label} hint={hint ?? undefined} error={error}>
        <select
          value={typeof value === 'string' ? value : ''}
          required={field.required}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
        >
          {!field.required || !hasDefault ? <option value="">Choose a value</option> : null}
          {field.options.map((option, index) => (
            <option key={JSON.stringify(option)} value={String(index)}>
              {typeof option === 'string' ? option : JSON.stringify(option)}
            </option>
          ))}
        </select>
      </Field>
    );
  }

  const numeric = field.kind === 'number' || field.kind === 'integer';
  let inputMode: 'numeric' | 'decimal' | undefined;
  let step: number | 'any' | undefined;
  if (field.kind === 'integer') {
    inputMode = 'numeric';
    step = 1;
  } else if (numeric) {
    inputMode = 'decimal';
    step = 'any';
  }
  return (
    <Field label={label} hint={hint ?? undefined} error={error}>
      <input
        type={numeric ? 'number' : 'text'}
        inputMode={inputMode}
        step={step}
        min={field.minimum ?? undefined}
        max={field.maximum ?? undefined}
        maxLength={field.maxLength ?? undefined}
        required={field.required}
        disabled={disabled}
        autoComplete="off"
        value={typeof value === 'string' ? value : ''}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}

/** Joins the description and the constraints a person needs before typing. */
function hintOf(field: ParameterField): string | null {
  const parts: string[] = [];
  if (field.description) parts.push(field.description);
  if (field.kind === 'integer') parts.push('A whole number.');
  if (field.minimum !== null && field.maximum !== null) {
    parts.push(`From ${field.minimum} to ${field.maximum}.`);
  } else if (field.minimum !== null) parts.push(`At least ${field.minimum}.`);
  else if (field.maximum !== null) parts.push(`At most ${field.maximum}.`);
  if (field.pattern) parts.push(`Must match ${field.pattern}.`);
  if (field.defaultValue !== undefined) {
    parts.push(`Default: ${JSON.stringify(field.defaultValue)}.`);
  }
  return parts.length > 0 ? parts.join(' ') : null;
}
