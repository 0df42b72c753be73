import { z } from "zod";
import { FeedEntrySchema } from "./feed-entry";

/** One `sessions` frame of the dashboard's feed: the changes since the previous frame, oldest first. */
export const DashboardBlockSchema = z.object({ entries: z.array(FeedEntrySchema).min(1) });
export type DashboardBlock = z.infer<typeof DashboardBlockSchema>;
