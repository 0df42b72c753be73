"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { ANALYTICS_WAIT_MS, whenPosthogReady } from "@/app/posthog-client";
import { identifyUser } from "@/lib/posthog/identify-user";
import { type LoginResult, login } from "./actions";
import styles from "./login.module.css";

type Props = {
  /** Shown outside production only. */
  demoAccount: { email: string; password: string } | null;
  /** Where to go after signing in; already checked to be a same-origin path. */
  next: string;
  productId: string;
};

export function LoginForm({ demoAccount, next, productId }: Props) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [failure, setFailure] = useState<Extract<LoginResult, { ok: false }> | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await login({ email, password });
      if (!result.ok) {
        setFailure(result);
        return;
      }
      setFailure(null);
      // Before navigating, so the next page's events already belong to the user (CONTRACT §1).
      await whenPosthogReady((posthog) => identifyUser(posthog, result.user, productId), { waitMs: ANALYTICS_WAIT_MS });
      router.push(next);
    });
  }

  function fillInDemo() {
    if (!demoAccount) return;
    setEmail(demoAccount.email);
    setPassword(demoAccount.password);
    setFailure(null);
  }

  const emailError = failure?.fieldErrors?.email;
  const passwordError = failure?.fieldErrors?.password;

  return (
    <div className={styles.stack}>
      <form id="login-form" name="login" className={`card ${styles.card}`} onSubmit={onSubmit} noValidate>
        {failure && !failure.fieldErrors ? (
          <p className="alert" role="alert">
            {failure.error}
          </p>
        ) : null}
        <div className="field">
          <label className="field-label" htmlFor="email">
            Email
          </label>
          <input
            id="email"
            name="email"
            type="email"
            className="input"
            autoComplete="username"
            placeholder="you@company.com"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
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
            id="password"
            name="password"
            type="password"
            className="input"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
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
