"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * The shell's fallback when signed out. Each page redirects on the server with its own return path; a server
 * redirect here would race those (layouts and pages render in parallel) and drop the deep link, so the layout
 * only renders this, which sends the browser to log in and come back to where it was.
 */
export function RedirectToLogin() {
  const router = useRouter();
  useEffect(() => {
    const back = `${window.location.pathname}${window.location.search}`;
    router.replace(`/login?callbackUrl=${encodeURIComponent(back)}`);
  }, [router]);
  return (
    <p role="status" style={{ padding: "2rem", textAlign: "center", color: "var(--text-muted)" }}>
      Redirecting to sign in…
    </p>
  );
}
