import type { ActionType } from "../autoplay/slim-action";
import type { StoredAction } from "../activity/stored-action";
import { canonicalUrl } from "../activity/canonical-url";
import { DESCRIBED_ELEMENTS, describeAction } from "../activity/describe-action";
import { redactDefaultUrlSecrets, type UrlRedactor } from "../privacy/redact-url-secrets";
import type { SessionEvent, SkippedEvent } from "../store/activity-store";
import { type ChainElement, parseElementsChain } from "./elements-chain";
import { resolveIdentity } from "./resolve-identity";
import type { IncomingEvent } from "./webhook-body";

export type Normalized =
  /** `action` null: the event updates the session (identity, last seen) but is no action; `skip` says why. */
  | { kind: "session"; event: SessionEvent; skip: string | null }
  | { kind: "skipped"; skip: SkippedEvent };

// posthog-js autocapture `$event_type`s, mapped to Autoplay's action types ("change" is typing).
const AUTOCAPTURE_TYPES: Record<string, ActionType> = {
  click: "click",
  submit: "submit",
  change: "type",
  focus: "focus",
  blur: "blur",
};

// Events that say nothing an agent can act on. `$identify` and `$set` still link the session to its user.
const LOW_SIGNAL = new Set([
  "$pageleave",
  "$identify",
  "$set",
  "$create_alias",
  "$merge_dangerously",
  "$groupidentify",
  "$feature_flag_called",
  "$feature_view",
  "$feature_interaction",
  "$web_vitals",
  "$opt_in",
  "$snapshot",
  "$heatmap",
  "$dead_click",
  "$copy_autocapture",
  "$exception",
  "$performance_event",
  "survey shown",
  "survey dismissed",
  "survey sent",
]);

const MAX_URL = 2_048;
const str = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);

function actionTypeOf(event: IncomingEvent): { type: ActionType; rage: boolean } | string {
  switch (event.event) {
    case "$pageview":
    case "$screen":
      return { type: "pageview", rage: false };
    // A rage click becomes a click whose description says so: repeated clicking on something that doesn't
    // respond is the strongest frustration signal an agent can get, so dropping it would lose the point.
    case "$rageclick":
      return { type: "click", rage: true };
    case "$autocapture": {
      const eventType = str(event.properties.$event_type) ?? "click";
      const type = AUTOCAPTURE_TYPES[eventType];
      return type ? { type, rage: false } : "unsupported_autocapture";
    }
  }
  if (LOW_SIGNAL.has(event.event) || event.event.startsWith("$")) return "low_signal";
  return "custom_event";
}

/** An element's link, as a description may quote it, without the values of secret parameters. */
function withoutSecrets(element: ChainElement, redact: UrlRedactor): ChainElement {
  const { href } = element;
  const attrHref = element.attributes.href;
  if (!href && !attrHref) return element;
  return {
    ...element,
    href: href && redact(href),
    attributes: attrHref ? { ...element.attributes, href: redact(attrHref) } : element.attributes,
  };
}

/**
 * Turns one delivered event into what it contributes to its session, or says why it contributes nothing.
 * Every URL that can reach the store (the page's URL, a link's href) passes through `redact` first: a browser
 * may send a password in a query string whatever the app intends (see lib/privacy/redact-url-secrets.ts).
 */
export function normalizeEvent(
  event: IncomingEvent,
  defaultProductId: string,
  redact: UrlRedactor = redactDefaultUrlSecrets,
): Normalized {
  const props = event.properties;
  const sessionId = str(props.$session_id);
  const classified = actionTypeOf(event);

  if (sessionId === null) {
    return {
      kind: "skipped",
      skip: { reason: "no_session", event: event.event.slice(0, 200), distinct_id: event.distinct_id, timestamp: event.timestamp },
    };
  }

  const identity = resolveIdentity(event, defaultProductId);
  // Cut, redacted, cut again: a cut never exposes a value (it only shortens the tail), and redacting a short
  // text bounds the work whatever a browser sends.
  const rawUrl = redact((str(props.$current_url) ?? str(props.$pathname) ?? "").slice(0, MAX_URL)).slice(0, MAX_URL);
  let action: StoredAction | null = null;

  if (typeof classified !== "string") {
    const elements = parseElementsChain(event.elements_chain, DESCRIBED_ELEMENTS).map((element) => withoutSecrets(element, redact));
    const { title, description } = describeAction({
      type: classified.type,
      url: rawUrl,
      pageTitle: str(props.title),
      elText: str(props.$el_text),
      elements,
      fieldName: str(props.input_field_name),
      rage: classified.rage,
    });
    action = {
      event_id: event.uuid,
      type: classified.type,
      // Labels come from the page too: a link whose text is its own URL, a page title quoting one.
      title: redact(title),
      description: redact(description),
      canonical_url: canonicalUrl(rawUrl),
      raw_url: rawUrl,
      timestamp: event.timestamp,
    };
  }

  return {
    kind: "session",
    skip: typeof classified === "string" ? classified : null,
    event: {
      event_id: event.uuid,
      session_id: sessionId.slice(0, 200),
      timestamp: event.timestamp,
      user_id: identity.user_id,
      email: identity.email,
      product_id: identity.product_id,
      current_url: action ? rawUrl : null,
      action,
    },
  };
}
