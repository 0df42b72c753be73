"use client";

import type { CSSProperties } from "react";
import { useCopied } from "../use-copied";
import styles from "./dashboard.module.css";
import { avatarHue, clockTime, fullDateTime, relativeTime, safeHttpHref } from "./format";
import { useClock, useHydrated } from "./use-clock";

/** The person's initial on a colour of their own; a neutral "?" while anonymous. */
export function Avatar({ email, large = false }: { email: string | null; large?: boolean }) {
  const className = large ? `${styles.avatar} ${styles.avatarLarge}` : styles.avatar;
  if (!email) {
    return (
      <span className={className} data-anonymous="true" aria-hidden="true">
        ?
      </span>
    );
  }
  return (
    <span className={className} style={{ "--avatar-hue": avatarHue(email) } as CSSProperties} aria-hidden="true">
      {initialOf(email)}
    </span>
  );
}

/** The first letter or digit: an email can start with markup, an emoji's half, or an invisible bidi control. */
const initialOf = (email: string) => /[\p{L}\p{N}]/u.exec(email)?.[0].toUpperCase() ?? "?";

/** "12s ago", ticking; the exact time on hover. */
export function RelativeTime({ at, serverNow, title }: { at: number; serverNow: number; title?: string }) {
  const text = useClock(serverNow, (now) => relativeTime(at, now));
  const hydrated = useHydrated();
  return (
    <time dateTime={new Date(at * 1000).toISOString()} title={hydrated ? (title ?? fullDateTime(at)) : undefined}>
      {text}
    </time>
  );
}

/** HH:MM:SS in the viewer's zone, once it is known (after hydration). */
export function ClockTime({ at, className }: { at: number; className?: string }) {
  const hydrated = useHydrated();
  return (
    <time className={className} dateTime={new Date(at * 1000).toISOString()} title={hydrated ? fullDateTime(at) : undefined}>
      {hydrated ? clockTime(at) : "--:--:--"}
    </time>
  );
}

/** A URL from an event: a link when it is http(s), plain text otherwise. */
export function EventUrl({ text, href, className }: { text: string; href: string; className?: string }) {
  const safe = safeHttpHref(href);
  if (!safe) {
    return (
      <span className={className} title={href}>
        {text}
      </span>
    );
  }
  return (
    <a className={className} href={safe} title={href} target="_blank" rel="noopener noreferrer nofollow">
      {text}
    </a>
  );
}

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, copy] = useCopied();
  const copied = state === "copied";
  return (
    <button
      type="button"
      className={styles.iconButton}
      aria-label={copied ? "Copied" : label}
      title={copied ? "Copied" : label}
      onClick={() => copy(value)}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
    </button>
  );
}

export function CopyIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" fill="none" aria-hidden="true">
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" stroke="currentColor" strokeWidth="1.4" />
      <path d="M10.5 3.5v-.5A1.5 1.5 0 0 0 9 1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}

export function CheckIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" fill="none" aria-hidden="true">
      <path d="M3 8.5 6.5 12 13 4.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
