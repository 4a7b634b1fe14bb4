import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Field } from '../../components/Field.tsx';
import { LoadingState } from '../../components/States.tsx';
import { errorField, errorMessage } from '../../lib/errors.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { readSignInState } from './sign-in-state.ts';
import { useSessionQuery } from './use-session.ts';

const REASON_TEXT = {
  expired: 'Your session has ended. Sign in again to continue where you were.',
  logout: 'You were signed out, possibly in another tab. Sign in again to continue.',
  'signed-out': 'You are signed out.',
} as const;

export function SignInPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { from, reason } = readSignInState(location.state);
  const session = useSessionQuery();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const login = useMutation(
    trpc.auth.login.mutationOptions({
      meta: { redirectOnUnauthorized: false },
      onSuccess: async () => {
        await queryClient.resetQueries(trpc.auth.session.queryFilter());
        navigate(from ?? '/incidents', { replace: true });
      },
    }),
  );

  if (session.isPending) return <LoadingState label="Checking your session…" />;
  if (session.data && !login.isPending) return <Navigate to={from ?? '/incidents'} replace />;

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  }

  const field = login.error ? errorField(login.error) : null;
  const formError = login.error && !field ? errorMessage(login.error) : null;

  return (
    <main className="sign-in" id="main">
      <form className="sign-in-card" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <div className="brand brand-large">
          <img src="/icons/icon.svg" alt="" width="40" height="40" />
          <span>PageFree</span>
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        {reason ? (
          <p className="notice" role="status">
            {REASON_TEXT[reason]}
          </p>
        ) : null}
        <Field label="Email" error={field === 'email' ? errorMessage(login.error) : null}>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </Field>
        <Field label="Password" error={field === 'password' ? errorMessage(login.error) : null}>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        {formError ? (
          <p className="inline-error" role="alert">
            {formError}
          </p>
        ) : null}
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={login.isPending}
        >
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
