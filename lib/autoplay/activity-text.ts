import type { ActionsPayload } from "./actions-payload";
import { formatActionLine } from "../activity/to-slim-actions";

/**
 * One session's context as Autoplay's SDK `ContextStore.get()` writes it with its defaults (no summariser):
 * `Recent activity:` then the actions numbered from 1, each as `SlimAction.to_text()`. Empty without actions.
 */
export function sessionContextText(payload: ActionsPayload): string {
  if (payload.actions.length === 0) return "";
  return `Recent activity:\n${payload.actions.map((action, i) => `${i + 1}. ${formatActionLine(action)}`).join("\n")}`;
}

/**
 * A user's recent sessions as one prompt block, exactly as the SDK's `UserSessionIndex.get_user_activity()`
 * joins them (CONTRACT §4): `Session {session_id} ({product_id or "no-product-id"}):\n{context}` per session
 * with any actions, newest first, separated by blank lines.
 */
export function userActivityText(sessions: readonly ActionsPayload[]): string {
  return sessions
    .flatMap((payload) => {
      const context = sessionContextText(payload);
      return context ? [`Session ${payload.session_id} (${payload.product_id || "no-product-id"}):\n${context}`] : [];
    })
    .join("\n\n");
}

/** `ActionsPayload.to_text()` of the SDK: `Session {session_id or "unknown"} — {n} actions`, then one line each. */
export function payloadText(payload: ActionsPayload): string {
  return [`Session ${payload.session_id ?? "unknown"} — ${payload.actions.length} actions`, ...payload.actions.map(formatActionLine)].join("\n");
}
