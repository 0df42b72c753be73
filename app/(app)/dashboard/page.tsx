import type { Metadata } from "next";
import { encodeCursor } from "@/lib/activity/session-cursor";
import { withIndices } from "@/lib/activity/stored-session";
import { DEFAULT_PAGE_SIZE } from "@/lib/activity/session-list-params";
import { getStore } from "@/lib/store/store";
import { StoreUnavailableError } from "@/lib/store/store-unavailable-error";
import { PageHeader } from "../page-header";
import { requireUser } from "../require-user";
import { StoreUnavailable } from "../store-unavailable";
import { LiveDashboard } from "./live-dashboard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dashboard" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DashboardPage({ searchParams }: Props) {
  const { session: param } = await searchParams;
  const requested = (Array.isArray(param) ? param[0] : param) || null;

  // The app shell checks too, but a page must not rely on a layout for its own protection.
  await requireUser(requested ? `/dashboard?session=${encodeURIComponent(requested)}` : "/dashboard");

  const store = getStore();
  try {
    // The feed position is read before the snapshot, so the stream replays anything the snapshot might have
    // missed; an entry seen twice is harmless to the client, a gap would not be.
    const after = await store.latestFeedId();
    // The first page only: the list loads the rest as it is scrolled.
    const [page, skipStats] = await Promise.all([store.listSessions({ limit: DEFAULT_PAGE_SIZE }), store.skipStats()]);
    const selectedId = requested ?? page.sessions[0]?.session_id ?? null;
    const stored = selectedId === null ? null : await store.getSession(selectedId);
    const selected = stored && withIndices(stored);
    return (
      <LiveDashboard
        after={after}
        page={{ sessions: page.sessions, next_cursor: page.next && encodeCursor(page.next), total: page.total }}
        selected={selected}
        requestedId={requested}
        skipStats={skipStats}
        serverNow={Date.now() / 1000}
      />
    );
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    return (
      <>
        <PageHeader title="Live activity" description="Every PostHog session as your agent receives it, live." />
        <StoreUnavailable what="sessions" />
      </>
    );
  }
}
