import { SessionCursorSchema, type SessionCursor } from "./session-order";

/**
 * Cursors travel as opaque text (`next_cursor`, `?cursor=`): base64url of the position's JSON. Opaque so
 * clients don't build them, and so the position can change shape later without breaking anyone.
 * Works the same in Node and in the browser (the dashboard moves its own cursor when it trims its list).
 */
export function encodeCursor(cursor: SessionCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify([cursor.last_seen, cursor.session_id]));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The position a cursor names, or null when it is not one of ours. */
export function decodeCursor(text: string): SessionCursor | null {
  if (!/^[A-Za-z0-9_-]{1,1400}$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const json = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value) || value.length !== 2) return null;
    const parsed = SessionCursorSchema.safeParse({ last_seen: value[0], session_id: value[1] });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
