import { describe, expect, it } from "vitest";
import type { ActionsPayload } from "./actions-payload";
import { payloadText, userActivityText } from "./activity-text";

const action = (index: number, type: "pageview" | "click", description: string, url: string) => ({
  title: description,
  description,
  canonical_url: url,
  index,
  type,
  timestamp_start: 1,
  timestamp_end: 1,
  raw_url: url,
  session_id: "s1",
  user_id: "u1",
  email: null,
  conversation_id: null,
});
const payload = (session_id: string, product_id: string, actions: ReturnType<typeof action>[]): ActionsPayload => ({
  type: "actions",
  product_id,
  session_id,
  user_id: "u1",
  email: null,
  actions,
  count: actions.length,
  forwarded_at: 1,
  conversation_id: null,
});

describe("the SDK's prompt texts", () => {
  it("ActionsPayload.to_text(): a header, then `[index] type: description — url` per action", () => {
    const p = payload("s1", "acme", [action(3, "pageview", "User landed on the Dashboard page", "https://a/dashboard")]);
    expect(payloadText(p)).toBe("Session s1 — 1 actions\n[3] pageview: User landed on the Dashboard page — https://a/dashboard");
    expect(payloadText({ ...p, session_id: null })).toMatch(/^Session unknown — 1 actions\n/);
  });

  it("get_user_activity(): one block per session with actions, numbered from 1, blank line between, product fallback", () => {
    const text = userActivityText([
      payload("s2", "", [action(0, "click", "User clicked Save button", "https://a/x")]),
      payload("s-empty", "acme", []),
      payload("s1", "acme", [action(4, "pageview", "User landed on X", "https://a/x"), action(5, "click", "User clicked Y", "https://a/y")]),
    ]);
    expect(text).toBe(
      [
        "Session s2 (no-product-id):",
        "Recent activity:",
        "1. [0] click: User clicked Save button — https://a/x",
        "",
        "Session s1 (acme):",
        "Recent activity:",
        "1. [4] pageview: User landed on X — https://a/x",
        "2. [5] click: User clicked Y — https://a/y",
      ].join("\n"),
    );
    expect(userActivityText([])).toBe("");
  });
});
