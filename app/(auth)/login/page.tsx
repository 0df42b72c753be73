import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { describeWait, waitFromCode } from "@/lib/auth/retry-wait";
import { safeCallbackPath } from "@/lib/auth/safe-callback-url";
import { serverEnv } from "@/lib/config/env";
import { LogoMark } from "@/app/logo-mark";
import { LoginForm } from "./login-form";
import styles from "./login.module.css";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Record<"next" | "callbackUrl" | "error" | "code", string | string[] | undefined>;

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  // `next` is the app's own name for the way back; `callbackUrl` is what Auth.js and older links use.
  const next = safeCallbackPath(params.next ?? params.callbackUrl);
  const session = await auth();
  if (session?.user) redirect(next);

  const env = serverEnv();
  // The demo password is a development convenience: a production page never shows it.
  const demoAccount = env.isProduction ? null : env.demoUser;

  return (
    <main className={styles.page}>
      <div className={styles.column}>
        <div className={styles.brand}>
          <LogoMark size={40} />
          <h1 className={styles.title}>Sign in to Acme</h1>
          <p className={styles.subtitle}>Plan projects, track tasks, ship on time.</p>
        </div>
        <LoginForm demoAccount={demoAccount} next={next} initialError={authJsError(params.error, params.code)} />
        <p className={styles.footnote}>
          This demo records your clicks, form submits and page views with PostHog and streams them to Autoplay.
        </p>
      </div>
    </main>
  );
}

/** The message for a failure Auth.js's own sign-in endpoint redirected here with. */
function authJsError(error: SearchParams["error"], code: SearchParams["code"]): string | null {
  if (error !== "CredentialsSignin") return null;
  const wait = waitFromCode(code);
  return wait === null ? "Wrong email or password" : `Too many failed sign-ins. Try again in ${describeWait(wait)}.`;
}
