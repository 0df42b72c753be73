"use client";

import { useActionState, useRef } from "react";
import { type LoginState, login } from "./actions";
import styles from "./login.module.css";

type Props = {
  /** Shown outside production only. */
  demoAccount: { email: string; password: string } | null;
  /** Where to go after signing in; the action checks it again. */
  next: string;
  /** What Auth.js's own sign-in endpoint reported when it sent the browser here (`?error=…&code=…`). */
  initialError: string | null;
};

export function LoginForm({ demoAccount, next, initialError }: Props) {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(login, {
    email: "",
    ...(initialError ? { error: initialError } : {}),
  });
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  function fillInDemo() {
    if (!demoAccount || !emailInput.current || !passwordInput.current) return;
    emailInput.current.value = demoAccount.email;
    passwordInput.current.value = demoAccount.password;
  }

  const emailError = state.fieldErrors?.email;
  const passwordError = state.fieldErrors?.password;

  return (
    <div className={styles.stack}>
      {/* A server action: the browser POSTs the form even before React has loaded, never putting it in the URL. */}
      <form id="login-form" name="login" className={`card ${styles.card}`} action={formAction} noValidate>
        {state.error && !state.fieldErrors ? (
          <p className="alert" role="alert" id="login-error">
            {state.error}
          </p>
        ) : null}
        <input type="hidden" name="next" value={next} />
        <div className="field">
          <label className="field-label" htmlFor="email">
            Email
          </label>
          <input
            ref={emailInput}
            // Remounted with each result, so a failed attempt shows what was typed (with JavaScript off too).
            key={`email-${state.email}`}
            id="email"
            name="email"
            type="email"
            className="input"
            autoComplete="username"
            placeholder="you@company.com"
            required
            defaultValue={state.email}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? "email-error" : undefined}
          />
          {emailError ? (
            <p id="email-error" className="field-error">
              {emailError}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label className="field-label" htmlFor="password">
            Password
          </label>
          <input
            ref={passwordInput}
            id="password"
            name="password"
            type="password"
            className="input"
            autoComplete="current-password"
            required
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={passwordError ? "password-error" : undefined}
          />
          {passwordError ? (
            <p id="password-error" className="field-error">
              {passwordError}
            </p>
          ) : null}
        </div>
        <button id="sign-in" type="submit" className="btn btn-primary btn-block" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>

      {demoAccount ? (
        <section className={styles.demo} aria-labelledby="demo-account-title">
          <div className={styles.demoText}>
            <h2 id="demo-account-title" className={styles.demoTitle}>
              Demo account
            </h2>
            <dl className={styles.demoCredentials}>
              <dt>Email</dt>
              <dd>
                <code>{demoAccount.email}</code>
              </dd>
              <dt>Password</dt>
              <dd>
                <code>{demoAccount.password}</code>
              </dd>
            </dl>
          </div>
          <button id="fill-demo" type="button" className="btn btn-secondary" onClick={fillInDemo}>
            Fill in
          </button>
        </section>
      ) : null}
    </div>
  );
}
