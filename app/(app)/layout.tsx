import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { LogoMark } from "@/app/logo-mark";
import { auth } from "@/auth";
import { AppNav } from "./app-nav";
import styles from "./app-shell.module.css";
import { SignOutButton } from "./sign-out-button";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  const user = session?.user;
  // proxy.ts turns signed-out visitors away before this runs; should one get here anyway, nothing is rendered.
  if (!user?.email) redirect("/login");
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
