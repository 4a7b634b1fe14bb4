import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../components/Field.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../lib/errors.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** Changes the signed-in user's password; the server ends their other sessions. */
export function PasswordSection() {
  const trpc = useTRPC();
  const toast = useToast();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const change = useMutation(
    trpc.users.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrentPassword('');
        setNewPassword('');
        setRepeated('');
        toast.show('success', 'Password changed. Your other sessions were signed out.');
      },
    }),
  );
  const field = errorField(change.error);
  const mismatch = repeated.length > 0 && repeated !== newPassword;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch) return;
    change.mutate({ currentPassword, newPassword });
  }

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form className="inline-form" onSubmit={submit} aria-label="Change your password">
        <Field
          label="Current password"
          error={field === 'currentPassword' ? errorMessage(change.error) : null}
        >
          <input
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.target.value)}
          />
        </Field>
        <Field
          label="New password"
          hint="At least 12 characters."
          error={field === 'newPassword' ? errorMessage(change.error) : null}
        >
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={newPassword}
            onChange={(event) => setNewPassword(event.target.value)}
          />
        </Field>
        <Field
          label="New password again"
          error={mismatch ? 'The two new passwords differ; type the same one twice.' : null}
        >
          <input
            type="password"
            autoComplete="new-password"
            required
            value={repeated}
            onChange={(event) => setRepeated(event.target.value)}
          />
        </Field>
        {change.error && field !== 'currentPassword' && field !== 'newPassword' ? (
          <p className="inline-error" role="alert">
            {errorMessage(change.error)}
          </p>
        ) : null}
        <button
          type="submit"
          className="button"
          disabled={change.isPending || mismatch || !currentPassword || !newPassword}
        >
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
