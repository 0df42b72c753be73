import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { safeCallbackPath } from "@/lib/auth/safe-callback-url";
import { serverEnv } from "@/lib/config/env";
import { LogoMark } from "@/app/logo-mark";
import { LoginForm } from "./login-form";
import styles from "./login.module.css";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  const next = safeCallbackPath(callbackUrl);
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
        <LoginForm demoAccount={demoAccount} next={next} productId={env.productId} />
        <p className={styles.footnote}>
          This demo records your clicks, form submits and page views with PostHog and streams them to Autoplay.
        </p>
      </div>
    </main>
  );
}
