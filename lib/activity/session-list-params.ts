import { z } from "zod";
import { decodeCursor } from "./session-cursor";
import { SessionStatusSchema } from "./session-filter";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `GET /api/sessions`'s query string: what a page of the session list is asked with. */
export const SessionListParamsSchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE))
    .default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .transform((text, ctx) => {
      const cursor = decodeCursor(text);
      if (cursor === null) ctx.addIssue({ code: "custom", message: "is not a cursor this API returned" });
      return cursor ?? z.NEVER;
    })
    .optional(),
  q: z.string().trim().min(1, "must not be empty").max(400).optional(),
  status: SessionStatusSchema.optional(),
});
export type SessionListParams = z.infer<typeof SessionListParamsSchema>;
