import type { Metadata } from "next";
import Link from "next/link";
import { LogoMark } from "./logo-mark";
import styles from "./not-found.module.css";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className={styles.page}>
      <div className={`card ${styles.card}`}>
        <LogoMark size={36} />
        <h1>Page not found</h1>
        <p>There is nothing at this address. Check the link, or head back to your workspace.</p>
        <Link href="/" className="btn btn-primary">
          Go to Acme
        </Link>
      </div>
    </main>
  );
}
