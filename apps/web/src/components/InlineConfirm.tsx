import { useEffect, useId, useRef, useState } from 'react';

/** Renders a button that requests confirmation in place, without a modal, before an action runs. */
export function InlineConfirm({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  tone = 'default',
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  tone?: 'default' | 'danger';
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  const questionId = useId();

  // Keeps keyboard focus on the control that replaced the one just pressed.
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) openerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        type="button"
        ref={openerRef}
        className="button"
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="inline-confirm">
      <span id={questionId}>{question}</span>
      <button
        ref={confirmRef}
        type="button"
        aria-describedby={questionId}
        className={tone === 'danger' ? 'button button-danger' : 'button button-primary'}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
