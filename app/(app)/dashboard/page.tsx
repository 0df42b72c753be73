import type { Metadata } from "next";
import { getStore } from "@/lib/store/store";
import { requireUser } from "../require-user";
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
  // The feed position is read before the snapshot, so the stream replays anything the snapshot might have
  // missed; an entry seen twice is harmless to the client, a gap would not be.
  const after = await store.latestFeedId();
  const [sessions, skipStats] = await Promise.all([store.listSessions(), store.skipStats()]);
  const selectedId = requested ?? sessions[0]?.session_id ?? null;
  const selected = selectedId === null ? null : await store.getSession(selectedId);

  return (
    <LiveDashboard
      after={after}
      sessions={sessions}
      selected={selected}
      requestedId={requested}
      skipStats={skipStats}
      serverNow={Date.now() / 1000}
    />
  );
}
