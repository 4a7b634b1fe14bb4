import { CopyButton } from './CopyButton.tsx';

/**
 * Shows a secret that the server returned once, after creation or rotation. Later reads do
 * not include it, so the panel stays until the person confirms they stored it.
 */
export function SecretReveal({
  title,
  secret,
  note,
  onDone,
}: {
  title: string;
  secret: string;
  note?: string;
  onDone: () => void;
}) {
  return (
    <section className="secret-reveal" aria-label={title}>
      <p className="secret-title">
        <strong>{title}</strong> Copy it now: it is shown only once.
      </p>
      <div className="secret-value">
        <code>{secret}</code>
        <CopyButton text={secret} />
      </div>
      {note ? <p className="muted">{note}</p> : null}
      <button type="button" className="button" onClick={onDone}>
        I have stored it
      </button>
    </section>
  );
}
