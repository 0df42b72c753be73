"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn, SignInLocked } from "@/auth";
import { describeWait } from "@/lib/auth/retry-wait";
import { safeCallbackPath } from "@/lib/auth/safe-callback-url";

const LoginInput = z.object({
  email: z.email("Enter a valid email address.").max(320),
  password: z.string().min(1, "Enter your password.").max(1024),
});

export type LoginState = {
  /** What was typed, so a failed attempt without JavaScript shows the form filled in again (never the password). */
  email: string;
  error?: string;
  fieldErrors?: { email?: string; password?: string };
  /** Set while sign-in is locked: how long, in words, until it may be tried again. */
  retryAfter?: string;
};

/**
 * The login form's action. The form posts (a server action, so it works before hydration and with JavaScript
 * off) and the password travels only in the request body. Signed in, it redirects to `next`, checked again here
 * because a form can be posted with anything.
 */
export async function login(_previous: LoginState, form: FormData): Promise<LoginState> {
  const raw = { email: form.get("email"), password: form.get("password") };
  const email = typeof raw.email === "string" ? raw.email.trim() : "";
  const parsed = LoginInput.safeParse({ email, password: raw.password });
  if (!parsed.success) {
    const fieldErrors: NonNullable<LoginState["fieldErrors"]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if ((key === "email" || key === "password") && !fieldErrors[key]) fieldErrors[key] = issue.message;
    }
    return { email: email.slice(0, 320), error: "Check the highlighted fields.", fieldErrors };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    if (error instanceof SignInLocked) {
      const wait = describeWait(error.retryAfterMs);
      return { email, retryAfter: wait, error: `Too many failed sign-ins. Try again in ${wait}.` };
    }
    // CredentialsSignin is an AuthError; any auth failure is shown as a plain message, never as a 500.
    if (error instanceof AuthError) return { email, error: "Wrong email or password" };
    throw error;
  }
  // Outside the try: redirect() works by throwing. posthog-js identifies the user on the page this lands on.
  redirect(safeCallbackPath(form.get("next")));
}
