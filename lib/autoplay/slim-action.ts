import { z } from "zod";

/** Autoplay's action types (CONTRACT §3). `type` comes from PostHog's `change` event type. */
export const ActionTypeSchema = z.enum(["pageview", "click", "submit", "type", "focus", "blur"]);
export type ActionType = z.infer<typeof ActionTypeSchema>;

/** One action as Autoplay's SDK models it: what an agent reads about a single step of a user's session. */
export const SlimActionSchema = z.object({
  title: z.string(),
  description: z.string(),
  canonical_url: z.string(),
  index: z.number().int().nonnegative(),
  type: ActionTypeSchema,
  /** Unix seconds. */
  timestamp_start: z.number(),
  /** Unix seconds: the next action's start, or this action's own start for the last one. */
  timestamp_end: z.number(),
  raw_url: z.string(),
  session_id: z.string().nullable(),
  user_id: z.string().nullable(),
  email: z.string().nullable(),
  conversation_id: z.string().nullable(),
});
export type SlimAction = z.infer<typeof SlimActionSchema>;
