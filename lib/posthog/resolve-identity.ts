import type { IncomingEvent } from "./webhook-body";

export type Identity = { user_id: string | null; email: string | null; product_id: string };

// posthog-js names anonymous devices with UUIDv7s; a user id is whatever the app passed to identify().
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const str = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * Who an event belongs to (CONTRACT §3). The `loaded` callback's `identify(get_distinct_id())` marks a
 * device as identified under its own id, so `$is_identified` alone is not enough: an id equal to the
 * event's `$device_id` still names a device, not a user.
 */
export function resolveIdentity(event: IncomingEvent, defaultProductId: string): Identity {
  const props = event.properties;
  const $set = record(props.$set);
  const person = event.person_properties ?? {};
  const distinctId = event.distinct_id;

  let userId: string | null = null;
  if (distinctId !== null && distinctId !== str(props.$device_id) && distinctId !== str(props.$anon_distinct_id)) {
    const flag = props.$is_identified;
    if (flag === true) userId = distinctId;
    else if (flag === undefined || flag === null) {
      // Shapes without the flag (Autoplay's flat body, batches, server SDKs): trust an explicit identify or a
      // known email, and otherwise only ids that don't look like posthog-js's anonymous device ids.
      const hasEmail = [props.email, $set.email].some((value) => str(value) !== null);
      if (event.event === "$identify" || hasEmail || !UUID_V7.test(distinctId)) userId = distinctId;
    }
  }

  const email = [props.email, $set.email, person.email].map(str).find((value) => value !== null && EMAIL.test(value));
  const productId = str(person.product_id) ?? str($set.product_id) ?? str(props.product_id) ?? defaultProductId;
  return { user_id: userId, email: email ?? null, product_id: productId.slice(0, 200) };
}
