import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field } from '../../components/Field.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { errorField, errorMessage } from '../../lib/errors.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useSessionQuery } from '../auth/use-session.ts';

/** The server's minimum length, checked here too so the form shows it before submitting. */
const MIN_PASSWORD_LENGTH = 12;

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
  const email = useSessionQuery().data?.email ?? '';
  const field = errorField(change.error);
  const mismatch = repeated.length > 0 && repeated !== newPassword;
  const tooShort = newPassword.length > 0 && newPassword.length < MIN_PASSWORD_LENGTH;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch || tooShort) return;
    change.mutate({ currentPassword, newPassword });
  }

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form className="inline-form" onSubmit={submit} aria-label="Change your password">
        {/* Lets password managers tell whose password this is. */}
        <input type="email" autoComplete="username" value={email} readOnly hidden />
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
          error={
            tooShort
              ? `The new password has ${newPassword.length} characters; use at least ${MIN_PASSWORD_LENGTH}.`
              : field === 'newPassword'
                ? errorMessage(change.error)
                : null
          }
        >
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
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
          disabled={change.isPending || mismatch || tooShort || !currentPassword || !newPassword}
        >
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
