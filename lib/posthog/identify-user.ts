import type { PostHogInterface } from "posthog-js";

export type SignedInUser = { id: string; email: string };
type Identifier = Pick<PostHogInterface, "get_distinct_id" | "identify" | "register">;

/**
 * Ties this device to the signed-in user (CONTRACT §1): identify with the product id and email, then register
 * the email so every later event carries it. Skipped when posthog-js already uses the user's id, so the login
 * form and a layout that learns of the session in the same moment send one identify, not two.
 */
export function identifyUser(posthog: Identifier, user: SignedInUser, productId: string): boolean {
  if (posthog.get_distinct_id() === user.id) return false;
  posthog.identify(user.id, { product_id: productId, email: user.email });
  posthog.register({ email: user.email });
  return true;
}
