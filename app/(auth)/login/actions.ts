"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/auth";
import { demoUserFor } from "@/lib/auth/demo-user";
import { serverEnv } from "@/lib/config/env";

const LoginInput = z.object({
  email: z.email("Enter a valid email address.").max(320),
  password: z.string().min(1, "Enter your password.").max(1024),
});

export type LoginResult =
  | { ok: true; user: { id: string; email: string } }
  | { ok: false; error: string; fieldErrors?: { email?: string; password?: string } };

export async function login(input: { email: string; password: string }): Promise<LoginResult> {
  // A server action can be called with anything, so nothing about `input` is trusted before zod has seen it.
  const email: unknown = input?.email;
  const parsed = LoginInput.safeParse({ email: typeof email === "string" ? email.trim() : email, password: input?.password });
  if (!parsed.success) {
    const fieldErrors: { email?: string; password?: string } = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if ((key === "email" || key === "password") && !fieldErrors[key]) fieldErrors[key] = issue.message;
    }
    return { ok: false, error: "Check the highlighted fields.", fieldErrors };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    // CredentialsSignin is an AuthError; any auth failure is shown as a plain message, never as a 500.
    if (error instanceof AuthError) return { ok: false, error: "Wrong email or password" };
    throw error;
  }
  // Only the demo account can sign in, so the signed-in user is that account.
  return { ok: true, user: demoUserFor(serverEnv().demoUser.email) };
}
