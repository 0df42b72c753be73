"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { memo, useCallback, useEffect, useMemo, useReducer, useState, useTransition } from "react";
import { newerSummary, type SelectedSession } from "@/lib/activity/apply-feed-entry";
import type { SessionSummary } from "@/lib/activity/session-summary";
import type { SessionsPage } from "@/lib/activity/sessions-page";
import type { SkipStats } from "@/lib/store/activity-store";
import { PageHeader } from "../page-header";
import styles from "./dashboard.module.css";
import { initialView, reduceView, type ServerSnapshot } from "./dashboard-view";
import { revealInvisible } from "./format";
import { SessionDetail } from "./session-detail";
import { ACTIVE_WITHIN_SECONDS, SessionList } from "./session-list";
import { SessionSearch } from "./session-search";
import { SkippedPanel } from "./skipped-panel";
import { useClock } from "./use-clock";
import { useFrameBatches } from "./use-frame-batches";
import { FeedResetNotice } from "./feed-reset-notice";
import { feedItemActions, useLiveFeed, type ConnectionStatus, type FeedItem } from "./use-live-feed";
import { useOpenSession } from "./use-open-session";
import { useSteadyOrder } from "./use-steady-order";
import { useSessionPages } from "./use-session-pages";

/** How long a newly arrived action or session stays highlighted. */
const FRESH_MS = 4000;
const EXPIRE_EVERY_MS = 1000;

type Props = {
  /** The feed id the server's snapshot is at least as new as: the stream starts after it. */
  after: string | null;
  /** The first page of the session list; the list loads the others as it is scrolled. */
  page: SessionsPage;
  selected: SelectedSession | null;
  requestedId: string | null;
  skipStats: SkipStats;
  serverNow: number;
};

export function LiveDashboard({ after, page, selected, requestedId, skipStats, serverNow }: Props) {
  const router = useRouter();
  const snapshot = useMemo<ServerSnapshot>(() => ({ page, selected, requestedId }), [page, selected, requestedId]);
  const [view, dispatch] = useReducer(reduceView, snapshot, initialView);

  // A new server snapshot (another session selected, a refresh) is merged into the live state, not swapped in.
  const [appliedSnapshot, setAppliedSnapshot] = useState(snapshot);
  if (appliedSnapshot !== snapshot) {
    setAppliedSnapshot(snapshot);
    dispatch({ type: "snapshot", snapshot });
  }

  // Entries arriving within one frame are applied together. Not as a transition: a feed that never pauses
  // would keep interrupting it, and the list would never update. A reset splits a batch where it came.
  const applyEntries = useCallback((items: FeedItem[]) => feedItemActions(items, Date.now()).forEach(dispatch), []);
  const onEntry = useFrameBatches(applyEntries);
  const { status, reconnect } = useLiveFeed(after, onEntry);
  const pages = useSessionPages(view.query, view.nextCursor, dispatch);

  // Highlights end on a steady tick, not a timer restarted by every arrival (which on a busy feed never fired).
  const hasFresh = view.fresh.size > 0 || view.freshActions.size > 0 || view.live.size > 0;
  useEffect(() => {
    if (!hasFresh) return;
    const timer = setInterval(() => dispatch({ type: "expire", before: Date.now() - FRESH_MS }), EXPIRE_EVERY_MS);
    return () => clearInterval(timer);
  }, [hasFresh]);

  // The selection lives in the URL, so it can be shared; the row is highlighted at once, the actions follow.
  const opener = useOpenSession(dispatch);
  // While the pointer is over the list, its order holds still (the row aimed at is the row clicked).
  const steady = useSteadyOrder(view.sessions);
  const shownId = view.requestedId ?? view.selected?.session.session_id ?? null;

  const [refreshing, startRefresh] = useTransition();
  const refresh = useCallback(() => startRefresh(() => router.refresh()), [router]);

  // The feed could not resume: the list (or the search) and the open session are read again from the server.
  const resetAt = view.reset?.at;
  const query = view.query;
  useEffect(() => {
    if (resetAt === undefined) return;
    if (query !== null) pages.search(query);
    refresh();
    // Once per reset: a search typed later, or new callbacks, are no reason to reload again.
  }, [resetAt]);

  const listed = view.sessions.find((s) => s.session_id === shownId) ?? null;
  const detail = view.selected && view.selected.session.session_id === shownId ? view.selected : null;
  const summary = listed && detail ? newerSummary(listed, detail.session) : (detail?.session ?? listed);
  const empty = view.sessions.length === 0 && view.selected === null && view.query === null && view.storeTotal === 0;

  const skipped = (
    <SkippedPanel stats={skipStats} serverNow={serverNow} refreshing={refreshing} onRefresh={refresh} />
  );

  return (
    <div className={styles.page}>
      <PageHeader
        title="Live activity"
        description="Every PostHog session as your agent receives it, live."
        actions={
          <div className={styles.pageHeaderSide}>
            {!empty && (
              <Stats sessions={view.query === null ? view.sessions : null} total={view.storeTotal} serverNow={serverNow} />
            )}
            <ConnectionBadge status={status} onReconnect={reconnect} />
            <FeedResetNotice reset={view.reset} />
          </div>
        }
      />

      {empty ? (
        <div className={styles.emptyLayout}>
          <EmptyState status={status} />
          {skipped}
        </div>
      ) : (
        <div className={styles.columns}>
          <aside className={styles.sidebar} aria-label="Sessions">
            <div className={styles.sidebarHead}>
              <h2 className={styles.sectionTitle}>{view.query === null ? "Sessions" : "Matching sessions"}</h2>
              <span className={styles.countChip} data-testid="session-count">
                {count(view.sessions.length)} of {count(view.total)}
              </span>
              <span
                className={styles.sidebarHint}
                data-testid="list-order"
                title={steady.paused ? "The list keeps its order while the pointer is over it, so the row you aim at stays put. Move away to see the live order." : undefined}
              >
                {steady.paused ? `order held${steady.waiting > 0 ? ` · ${count(steady.waiting)} new` : ""}` : "most recent first"}
              </span>
            </div>
            <SessionSearch onSearch={pages.search} />
            <SessionList
              sessions={steady.shown}
              frozen={steady.frozen}
              onPointerIn={steady.pause}
              onPointerOut={steady.resume}
              total={view.total}
              selectedId={shownId}
              fresh={view.fresh}
              serverNow={serverNow}
              onSelect={opener.open}
              hasMore={view.nextCursor !== null}
              pages={pages.status}
              onLoadMore={pages.loadMore}
              onRetry={pages.retry}
              emptyText={
                view.query === null ? "No sessions yet." : `No session has the id, user id or email “${view.query}”.`
              }
            />
            {skipped}
          </aside>
          <div className={styles.main}>
            {summary && (detail !== null || opener.status !== "missing") ? (
              <SessionDetail
                session={summary}
                detail={detail}
                loading={view.opening === shownId ? opener.status : "idle"}
                onRetry={opener.retry}
                fresh={view.freshActions}
                serverNow={serverNow}
              />
            ) : (
              <SessionMissing sessionId={shownId} />
            )}
          </div>
        </div>
      )}
    </div>
  );
}

/** Thousands separated the same way on the server and in every browser, so hydration agrees. */
const count = (n: number) => n.toLocaleString("en-US");

/**
 * Store-wide figures. "Active now" counts the loaded sessions, which are the most recently active ones: when
 * all of them are active, more may be, hence the "+". While a search narrows the list (`sessions` null), it
 * is not shown rather than shown wrong.
 */
const Stats = memo(function Stats({ sessions, total, serverNow }: { sessions: SessionSummary[] | null; total: number; serverNow: number }) {
  const active = useClock(serverNow, (now) => sessions?.filter((s) => now - s.last_seen <= ACTIVE_WITHIN_SECONDS).length ?? 0);
  const more = sessions !== null && active === sessions.length && total > sessions.length;
  return (
    <dl className={styles.stats}>
      {sessions !== null && (
        <div>
          <dt>Active now</dt>
          <dd>
            {count(active)}
            {more && active > 0 ? "+" : ""}
          </dd>
        </div>
      )}
      <div>
        <dt>Sessions</dt>
        <dd data-testid="store-total">{count(total)}</dd>
      </div>
    </dl>
  );
});

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

const STATUS_TITLE: Record<ConnectionStatus, string> = {
  connecting: "Opening the live feed",
  live: "Receiving sessions as PostHog delivers them",
  reconnecting: "The connection dropped; resuming where it left off",
  offline: "Not connected; retrying in the background",
};

const ConnectionBadge = memo(function ConnectionBadge({ status, onReconnect }: { status: ConnectionStatus; onReconnect: () => void }) {
  return (
    <div className={styles.connection}>
      <span
        className={styles.status}
        data-testid="connection-status"
        data-status={status}
        role="status"
        title={STATUS_TITLE[status]}
      >
        <span className={styles.statusDot} aria-hidden="true" />
        {STATUS_TEXT[status]}
      </span>
      {status === "offline" && (
        <button type="button" className={styles.retry} onClick={onReconnect}>
          Retry
        </button>
      )}
    </div>
  );
});

function EmptyState({ status }: { status: ConnectionStatus }) {
  return (
    <section className={styles.empty} aria-labelledby="empty-title">
      <div className={styles.emptyPulse} aria-hidden="true">
        <span />
      </div>
      <h2 id="empty-title">Waiting for the first session</h2>
      <p className={styles.emptyText}>
        Open the Projects page in another tab and click around — your actions appear here live.
      </p>
      <div className={styles.emptyButtons}>
        <a className="btn btn-primary" href="/projects" target="_blank" rel="noopener">
          Open Projects in a new tab
        </a>
      </div>
      <ol className={styles.emptySteps}>
        <li>posthog-js captures each pageview, click and form submit in your browser.</li>
        <li>PostHog&apos;s HTTP Webhook destination delivers the events to this app.</li>
        <li>
          They become Autoplay actions, grouped by session, and stream here
          {status === "live" ? " — the feed is connected." : "."}
        </li>
      </ol>
    </section>
  );
}

function SessionMissing({ sessionId }: { sessionId: string | null }) {
  return (
    <section className={styles.missing}>
      <h2>Session not found</h2>
      <p className={styles.subtle}>
        {sessionId ? (
          <>
            No session <code className={styles.mono}>{revealInvisible(sessionId)}</code> is in the store. It may have been evicted
            (the least recently active go first), or the link is mistyped.
          </>
        ) : (
          "Pick a session from the list."
        )}
      </p>
      <Link className="btn btn-secondary" href="/dashboard" scroll={false}>
        Show the latest session
      </Link>
    </section>
  );
}
