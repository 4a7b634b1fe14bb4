import { cloneElement, type ReactElement, useId } from 'react';

/**
 * Renders a labelled form control with an optional hint and error. The error is tied to the
 * control with aria-describedby and marks it aria-invalid.
 */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: string | null;
  children: ReactElement<Record<string, unknown>>;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const control = cloneElement(children, {
    id,
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
  });

  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {control}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {besideField(error, label)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Rewords a server message for display under its field: "currentPassword: is incorrect"
 * becomes "Current password is incorrect". A message that is a sentence of its own after
 * the field name, or has no field name, is shown as it is.
 */
export function besideField(error: string, label: string): string {
  const match = /^[\w.]+: (.+)$/s.exec(error);
  if (!match) return error;
  const rest = match[1]!;
  if (/^[A-Z]/.test(rest)) return rest;
  const subject = label.replace(/\s*\([^)]*\)$/, '');
  return `${subject} ${rest}`;
}
