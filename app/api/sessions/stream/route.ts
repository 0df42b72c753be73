import type { DashboardBlock } from "@/lib/activity/dashboard-block";
import type { FeedEntry } from "@/lib/activity/feed-entry";
import { otherMethods } from "@/lib/http/api-error";
import { announcePosition, eventStream, SSE_HEADERS } from "@/lib/sse/event-stream";
import { inBlocks } from "@/lib/sse/frame-blocks";
import { getStore } from "@/lib/store/store";
import { requireViewer } from "../../_auth/require-viewer";

export const dynamic = "force-dynamic";
// Vercel stops a function at maxDuration; the stream closes itself 30 s earlier and the browser resumes.
export const maxDuration = 300;

/**
 * How long the dashboard's feed waits after a block before the next, while changes keep coming (a change after
 * a quiet spell goes out at once). A person clicking around sends a few changes at a time (a click and the
 * pageview it leads to): those follow within 100 ms. A busy product's blocks are bigger, and then four a second
 * still read as live while the browser (sharing a laptop's cores with everything else) spends its time on the
 * page rather than on hundreds of events a second: measured with `npm run bench -- dashboard`, 250 ms rather
 * than 100 ms halves the page's commits at 200 deliveries/s.
 */
/** Changes in one block from which the feed counts as busy. */
const BUSY_BLOCK = 8;
const blockWindowMs = (lastBlockSize: number) => (lastBlockSize >= BUSY_BLOCK ? 250 : 100);

/**
 * The dashboard's live feed: `sessions` frames, each holding the changes since the previous one (at most one
 * every 100–250 ms) and the last one's id, resumable with Last-Event-ID; its position in the opening heartbeat;
 * `event: reset` when the position cannot be resumed (the dashboard then reloads).
 */
export async function GET(request: Request): Promise<Response> {
  const viewer = await requireViewer(request);
  if (!viewer.ok) return viewer.response;
  const after = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after");
  const store = getStore();
  const body = eventStream({
    signal: request.signal,
    closeAfterMs: (maxDuration - 30) * 1000,
    subscribe: inBlocks<FeedEntry>(
      (entry, frame, position) => store.subscribe(after || null, entry, (start) => announcePosition(start, frame, position)),
      blockWindowMs,
      (entries) => ({ id: entries.at(-1)!.id, event: "sessions", data: { entries } satisfies DashboardBlock }),
    ),
  });
  return new Response(body, { headers: SSE_HEADERS });
}

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
