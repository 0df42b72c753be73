import { z } from "zod";
import { SlimActionSchema } from "./slim-action";

/** Autoplay's wire format for a batch of one session's actions (CONTRACT §3), as agents receive it. */
export const ActionsPayloadSchema = z
  .object({
    type: z.literal("actions"),
    product_id: z.string(),
    session_id: z.string().nullable(),
    user_id: z.string().nullable(),
    email: z.string().nullable(),
    actions: z.array(SlimActionSchema),
    count: z.number().int().nonnegative(),
    /** Unix seconds, fractional. */
    forwarded_at: z.number(),
    conversation_id: z.string().nullable(),
  })
  .refine((payload) => payload.count === payload.actions.length, {
    message: "count must equal actions.length",
    path: ["count"],
  });
export type ActionsPayload = z.infer<typeof ActionsPayloadSchema>;
