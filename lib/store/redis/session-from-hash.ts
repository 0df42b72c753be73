import type { SessionSummary } from "../../activity/session-summary";

/** A session hash as the record script writes it: absent fields are null, numbers are JavaScript's own text. */
export function sessionFromHash(hash: Record<string, string>): SessionSummary {
  const text = (name: string) => hash[name] ?? null;
  const number = (name: string) => (hash[name] === undefined ? null : Number(hash[name]));
  return {
    session_id: hash.session_id ?? "",
    user_id: text("user_id"),
    email: text("email"),
    product_id: hash.product_id ?? "",
    first_seen: Number(hash.first_seen),
    last_seen: Number(hash.last_seen),
    identified_at: number("identified_at"),
    current_url: text("current_url"),
    action_count: Number(hash.action_count ?? 0),
  };
}
