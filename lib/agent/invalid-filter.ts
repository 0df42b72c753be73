import type { z } from "zod";
import { ApiError } from "../http/api-error";

/** The 400 of an agent stream whose query names an unknown filter or an empty value. */
export function invalidFilter(error: z.ZodError): ApiError {
  return new ApiError(
    400,
    "invalid_filter",
    `Invalid stream filter: ${error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}.`,
    "Filter with session_id, user_id or email, each a non-empty string.",
  );
}
