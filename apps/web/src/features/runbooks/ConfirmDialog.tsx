import { type ReactNode, useEffect, useId, useRef } from 'react';
import { InlineError } from '../../components/States.tsx';

/**
 * A modal confirmation on the native `<dialog>`, which traps focus, closes on Escape and
 * returns focus to the opener. For decisions that need more explanation than fits next to
 * a button, such as approving a script that will run against production.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel,
  tone = 'default',
  pending,
  confirmDisabled,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  tone?: 'default' | 'danger';
  pending: boolean;
  confirmDisabled?: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      <div className="confirm-body">{children}</div>
      <InlineError error={error} />
      <div className="form-actions">
        <button
          type="button"
          className={tone === 'danger' ? 'button button-danger' : 'button button-primary'}
          disabled={pending || confirmDisabled}
          onClick={onConfirm}
        >
          {pending ? pendingLabel : confirmLabel}
        </button>
        <button type="button" className="button" disabled={pending} onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
