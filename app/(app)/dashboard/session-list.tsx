"use client";

import { memo, useEffect, useRef, type KeyboardEvent } from "react";
import type { SessionSummary } from "@/lib/activity/session-summary";
import { Avatar, RelativeTime } from "./bits";
import styles from "./dashboard.module.css";
import { displayPath, fullDateTime, revealInvisible, shortId } from "./format";
import { useHydrated, useNow } from "./use-clock";
import type { PagesStatus } from "./use-session-pages";

/** posthog-js ends a session after 120 s idle (the integration's setting): within that it may still be going. */
export const ACTIVE_WITHIN_SECONDS = 120;

type Props = {
  sessions: SessionSummary[];
  selectedId: string | null;
  fresh: Record<string, number>;
  serverNow: number;
  onSelect: (sessionId: string) => void;
  /** Whether the store has more sessions after the last one shown. */
  hasMore: boolean;
  pages: PagesStatus;
  onLoadMore: () => void;
  onRetry: () => void;
  emptyText: string;
};

export function SessionList({ sessions, selectedId, fresh, serverNow, onSelect, hasMore, pages, onLoadMore, onRetry, emptyText }: Props) {
  const list = useRef<HTMLUListElement>(null);
  const sentinel = useRef<HTMLLIElement>(null);
  const loadMore = useRef(onLoadMore);
  useEffect(() => {
    loadMore.current = onLoadMore;
  }, [onLoadMore]);

  // The next page loads as the end of the list scrolls into view (a little before, so scrolling rarely waits).
  // Observing anew after each page also catches a sentinel that stayed in view.
  useEffect(() => {
    const target = sentinel.current;
    if (!hasMore || pages !== "idle" || !target) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore.current(), {
      root: list.current,
      rootMargin: "0px 0px 400px 0px",
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasMore, pages, sessions.length]);

  // Arrow keys move the selection, as in a mail or issue list.
  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const at = sessions.findIndex((s) => s.session_id === selectedId);
    const next = sessions[Math.min(sessions.length - 1, Math.max(0, at + (event.key === "ArrowDown" ? 1 : -1)))];
    if (!next) return;
    event.preventDefault();
    onSelect(next.session_id);
    list.current?.querySelector<HTMLElement>(`[data-session-id="${CSS.escape(next.session_id)}"]`)?.focus();
  }

  return (
    <ul ref={list} className={styles.sessionList} onKeyDown={onKeyDown} aria-label="Sessions">
      {sessions.map((session) => (
        <li key={session.session_id}>
          <SessionRow
            session={session}
            selected={session.session_id === selectedId}
            freshAt={fresh[session.session_id]}
            serverNow={serverNow}
            onSelect={onSelect}
          />
        </li>
      ))}
      <li ref={sentinel} className={styles.listFooter} aria-busy={pages === "loading"}>
        <ListFooter count={sessions.length} hasMore={hasMore} pages={pages} onLoadMore={onLoadMore} onRetry={onRetry} emptyText={emptyText} />
      </li>
    </ul>
  );
}

function ListFooter({
  count,
  hasMore,
  pages,
  onLoadMore,
  onRetry,
  emptyText,
}: Pick<Props, "hasMore" | "pages" | "onLoadMore" | "onRetry" | "emptyText"> & { count: number }) {
  if (pages === "loading") return <span role="status">Loading sessions…</span>;
  if (pages === "unavailable") return <span role="status">Store unavailable, retrying…</span>;
  if (pages === "failed") {
    return (
      <>
        <span role="status">Could not load sessions.</span>{" "}
        <button type="button" className={styles.linkButton} onClick={onRetry}>
          Try again
        </button>
      </>
    );
  }
  if (hasMore) {
    return (
      <button type="button" className={styles.linkButton} onClick={onLoadMore}>
        Load more sessions
      </button>
    );
  }
  return count === 0 ? <span>{emptyText}</span> : null;
}

type RowProps = {
  session: SessionSummary;
  selected: boolean;
  freshAt: number | undefined;
  serverNow: number;
  onSelect: (sessionId: string) => void;
};

const SessionRow = memo(function SessionRow({ session, selected, freshAt, serverNow, onSelect }: RowProps) {
  const hydrated = useHydrated();
  const name = session.email ? revealInvisible(session.email) : "Anonymous";
  return (
    <button
      type="button"
      className={styles.sessionRow}
      data-testid="session-row"
      data-session-id={session.session_id}
      aria-current={selected ? "true" : undefined}
      onClick={() => onSelect(session.session_id)}
      title={hydrated ? `First seen ${fullDateTime(session.first_seen)}` : undefined}
    >
      {freshAt !== undefined && <span key={`${session.last_seen}:${session.action_count}`} className={styles.rowFlash} />}
      <Avatar email={session.email} />
      <span className={styles.rowMain}>
        <span className={styles.rowTop}>
          <span className={session.email ? styles.rowName : `${styles.rowName} ${styles.rowNameAnonymous}`}>{name}</span>
          <ActiveDot lastSeen={session.last_seen} serverNow={serverNow} />
          <span className={styles.rowWhen}>
            <RelativeTime at={session.last_seen} serverNow={serverNow} />
          </span>
        </span>
        <span className={styles.rowMeta}>
          <code className={styles.mono}>{revealInvisible(shortId(session.session_id))}</code>
          <span className={styles.dotSep} aria-hidden="true" />
          <span className={styles.rowProduct}>{revealInvisible(session.product_id)}</span>
          <span className={styles.rowCount} title={`${session.action_count} actions`}>
            {session.action_count}
            <span className="visually-hidden"> actions</span>
          </span>
        </span>
        <span className={styles.rowPath}>{revealInvisible(displayPath(session.current_url))}</span>
      </span>
    </button>
  );
});

function ActiveDot({ lastSeen, serverNow }: { lastSeen: number; serverNow: number }) {
  const now = useNow(serverNow);
  if (now - lastSeen > ACTIVE_WITHIN_SECONDS) return null;
  return <span className={styles.activeDot} title="Active in the last 2 minutes" aria-label="active" />;
}
