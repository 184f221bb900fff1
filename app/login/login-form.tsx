"use client";
import { useActionState } from "react";
import { loginAction, type LoginState } from "./actions";

export function LoginForm() {
  const [state, action, pending] = useActionState<LoginState, FormData>(loginAction, { error: null });
  return (
    <main className="login panel">
      <h1>Trailwatch</h1>
      <p className="muted">Sign in to triage cloud activity.</p>
      <form action={action}>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required maxLength={320} autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required maxLength={1024} />
        </label>
        {state.error ? (
          <p className="error" role="alert" data-testid="login-error">
            {state.error}
          </p>
        ) : null}
        <button type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
