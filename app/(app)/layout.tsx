import Link from "next/link";
import type { ReactNode } from "react";
import { LogoMark } from "@/app/logo-mark";
import { auth } from "@/auth";
import { AppNav } from "./app-nav";
import styles from "./app-shell.module.css";
import { RedirectToLogin } from "./redirect-to-login";
import { SignOutButton } from "./sign-out-button";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  const user = session?.user;
  if (!user?.email) {
    // Signed out. Each page redirects itself with its own return path (require-user.ts); a redirect() here would
    // race it and lose the deep link. The page must still be rendered for its redirect to become the HTTP 307,
    // hence the hidden children; RedirectToLogin is the backstop for a page that does not check.
    return (
      <>
        <RedirectToLogin />
        <div hidden>{children}</div>
      </>
    );
  }
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <div className={styles.headerInner}>
          <Link href="/dashboard" className={styles.brand} aria-label="Acme home">
            <LogoMark />
            <span className={styles.brandName}>Acme</span>
          </Link>
          <AppNav />
          <div className={styles.account}>
            <span className={styles.email} title={user.email}>
              {user.email}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className={styles.main}>{children}</main>
    </div>
  );
}
