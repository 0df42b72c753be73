/**
 * Display helpers for the dashboard. Everything they receive came from a browser event (titles, URLs, element
 * texts), so they only ever produce text, and a link only for an http(s) URL.
 */

/** An href that is safe to put in a link: http(s) only (no `javascript:`, `data:`, relative tricks), else null. */
export function safeHttpHref(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** The path (and query) of an http(s) URL, for a compact "where is the user now"; anything else comes back as is. */
export function displayPath(value: string | null): string {
  if (!value) return "—";
  const href = safeHttpHref(value);
  if (!href) return value;
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
}

// Bidi controls reorder the text they sit in ("\u202Emoc.elpmaxe@exe.txt" reads "txt.exe@example.com"), and
// zero-width characters hide inside ids. Joiners (U+200C, U+200D) stay: emoji and many scripts need them.
const INVISIBLE = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * An id, email or name from an event, as text a person can trust: each bidi control or zero-width character is
 * shown as its code point (`⟨U+202E⟩`) instead of acting. For display only; copy buttons keep the exact value.
 */
export function revealInvisible(value: string): string {
  return value.replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`);
}

const AVATAR_HUES = [243, 262, 199, 172, 330, 24, 142, 290];

/** A stable colour per person, so the same user is recognisable across sessions at a glance. */
export function avatarHue(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  return AVATAR_HUES[hash % AVATAR_HUES.length]!;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** HH:MM:SS in the viewer's time zone. */
export function clockTime(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

// Built once: `toLocaleString` with options builds a new Intl.DateTimeFormat per call, hundreds per render.
let fullFormat: Intl.DateTimeFormat | undefined;

/** A full local date and time, for tooltips. */
export function fullDateTime(unixSeconds: number): string {
  fullFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
  return fullFormat.format(new Date(unixSeconds * 1000));
}

/** "just now", "42s ago", "5m ago", "3h ago", "2d ago". */
export function relativeTime(unixSeconds: number, nowSeconds: number): string {
  const elapsed = Math.max(0, Math.floor(nowSeconds - unixSeconds));
  if (elapsed < 5) return "just now";
  if (elapsed < 60) return `${elapsed}s ago`;
  if (elapsed < 3600) return `${Math.floor(elapsed / 60)}m ago`;
  if (elapsed < 86_400) return `${Math.floor(elapsed / 3600)}h ago`;
  return `${Math.floor(elapsed / 86_400)}d ago`;
}

/** "45s", "12m 5s", "2h 3m": how long a session or a pause lasted. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/**
 * The distinctive end of a session id. posthog-js session ids are UUIDv7, whose leading characters are a
 * timestamp shared by sessions started around the same time, so the tail is what tells them apart.
 */
export function shortId(id: string): string {
  return id.length <= 10 ? id : `…${id.slice(-8)}`;
}
