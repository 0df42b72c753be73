"use client";

import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useLayoutEffect, useRef, type KeyboardEvent } from "react";
import type { SessionSummary } from "@/lib/activity/session-summary";
import { Avatar, RelativeTime } from "./bits";
import styles from "./dashboard.module.css";
import { displayPath, fullDateTime, revealInvisible, shortId } from "./format";
import { measureWithoutLayout } from "./measure-without-layout";
import { useClock, useHydrated } from "./use-clock";
import type { PagesStatus } from "./use-session-pages";

/** posthog-js ends a session after 120 s idle (the integration's setting): within that it may still be going. */
export const ACTIVE_WITHIN_SECONDS = 120;

/** A row's height before it is measured (rows are measured once rendered; a long email does not wrap). */
const ROW_ESTIMATE = 82;
const ROW_GAP = 2;
const FOOTER_KEY = "\u0000footer";
/** Rows rendered beyond the visible ones, so a short scroll or a row moving in never shows a blank. */
const OVERSCAN = 10;
/** The next page loads when the rows rendered come this close to the end of those loaded. */
const LOAD_AHEAD = 15;
/** Visible rows remembered to keep the scroll position on, in case the first ones moved themselves. */
const ANCHOR_CANDIDATES = 12;

type Props = {
  /** In the order to show: the live order, or the one held while the pointer is over the list (use-steady-order.ts). */
  sessions: SessionSummary[];
  /** Whether the order is being held; the pointer coming onto the list asks to hold it, leaving it lets go. */
  frozen: boolean;
  onPointerIn: (shown: SessionSummary[]) => void;
  onPointerOut: () => void;
  /** How many sessions the list has in all (loaded or not), for assistive technology. */
  total: number;
  selectedId: string | null;
  fresh: ReadonlyMap<string, number>;
  serverNow: number;
  onSelect: (sessionId: string) => void;
  /** Whether the store has more sessions after the last one shown. */
  hasMore: boolean;
  pages: PagesStatus;
  onLoadMore: () => void;
  onRetry: () => void;
  emptyText: string;
};

type Anchor = { session: SessionSummary; offset: number };

/**
 * The sessions, most recently active first. Only the rows in view (and a few around them, and the selected one,
 * which may hold the focus) are in the DOM, so a list of a thousand costs what a list of twenty does. While the
 * list is scrolled away from its top, rows moving above the view (a session's new activity) do not move what is
 * in view; at the top, new activity shows up as it happens.
 */
export const SessionList = memo(function SessionList({
  sessions,
  frozen,
  onPointerIn,
  onPointerOut,
  total,
  selectedId,
  fresh,
  serverNow,
  onSelect,
  hasMore,
  pages,
  onLoadMore,
  onRetry,
  emptyText,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const selectedIndex = sessions.findIndex((s) => s.session_id === selectedId);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (selectedIndex < 0 || indexes.includes(selectedIndex)) return indexes;
      return [...indexes, selectedIndex].sort((a, b) => a - b);
    },
    [selectedIndex],
  );
  const virtualizer = useVirtualizer({
    count: sessions.length + 1,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (index) => sessions[index]?.session_id ?? FOOTER_KEY,
    overscan: OVERSCAN,
    gap: ROW_GAP,
    rangeExtractor,
    measureElement: measureWithoutLayout,
    // A row measured while React commits must not start a render of its own (one per new row, each a layout).
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();

  // Scroll anchoring: the first visible row that did not itself change stays where it was on screen.
  // The scroll position comes from scroll events: reading scrollTop after each batch would force a layout.
  const anchors = useRef<Anchor[]>([]);
  const scrollTop = useRef(0);
  const rememberAnchors = useCallback(() => {
    const top = scrollTop.current;
    if (top <= 0) {
      anchors.current = [];
      return;
    }
    anchors.current = virtualizer
      .getVirtualItems()
      .filter((item) => item.end > top && item.index < sessions.length)
      .slice(0, ANCHOR_CANDIDATES)
      .map((item) => ({ session: sessions[item.index]!, offset: top - item.start }));
  }, [sessions, virtualizer]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && anchors.current.length > 0) {
      const at = new Map(sessions.map((s, i) => [s.session_id, i]));
      for (const anchor of anchors.current) {
        const index = at.get(anchor.session.session_id);
        if (index === undefined || sessions[index] !== anchor.session) continue;
        const start = virtualizer.measurementsCache[index]?.start;
        if (start !== undefined && Math.abs(scrollTop.current - (start + anchor.offset)) >= 1) {
          scrollTop.current = start + anchor.offset;
          element.scrollTop = scrollTop.current;
        }
        break;
      }
    }
    rememberAnchors();
  }, [sessions, virtualizer, rememberAnchors]);

  // The next page loads as the rendered rows near the end of the loaded ones.
  const lastRendered = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && pages === "idle" && lastRendered >= sessions.length - LOAD_AHEAD) onLoadMore();
  }, [hasMore, pages, lastRendered, sessions.length, onLoadMore]);

  // Arrow keys move the selection, as in a mail or issue list; the row is scrolled to and focused once rendered.
  const focusNext = useRef<string | null>(null);
  useLayoutEffect(() => {
    const id = focusNext.current;
    if (id === null) return;
    const row = list.current?.querySelector<HTMLElement>(`[data-session-id="${CSS.escape(id)}"]`);
    if (!row) return;
    focusNext.current = null;
    row.focus();
  });
  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const at = sessions.findIndex((s) => s.session_id === selectedId);
    const index = Math.min(sessions.length - 1, Math.max(0, at + (event.key === "ArrowDown" ? 1 : -1)));
    const next = sessions[index];
    if (!next) return;
    event.preventDefault();
    onSelect(next.session_id);
    virtualizer.scrollToIndex(index, { align: "auto" });
    const row = list.current?.querySelector<HTMLElement>(`[data-session-id="${CSS.escape(next.session_id)}"]`);
    if (row) row.focus();
    else focusNext.current = next.session_id;
  }

  return (
    <div
      ref={scroller}
      className={styles.sessionScroller}
      onScroll={(event) => {
        scrollTop.current = event.currentTarget.scrollTop;
        rememberAnchors();
      }}
      onPointerEnter={() => onPointerIn(sessions)}
      onPointerMove={frozen ? undefined : () => onPointerIn(sessions)}
      onPointerLeave={onPointerOut}
    >
      <ul
        ref={list}
        className={styles.sessionList}
        style={{ height: virtualizer.getTotalSize() }}
        onKeyDown={onKeyDown}
        aria-label="Sessions"
      >
        {items.map((item) => {
          const session = sessions[item.index];
          const style = { transform: `translateY(${item.start}px)` };
          if (!session) {
            return (
              <li key={item.key} ref={virtualizer.measureElement} data-index={item.index} style={style} className={styles.listFooter} aria-busy={pages === "loading"}>
                <ListFooter count={sessions.length} hasMore={hasMore} pages={pages} onLoadMore={onLoadMore} onRetry={onRetry} emptyText={emptyText} />
              </li>
            );
          }
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              style={style}
              aria-setsize={Math.max(total, sessions.length)}
              aria-posinset={item.index + 1}
            >
              <SessionRow
                session={session}
                selected={session.session_id === selectedId}
                fresh={fresh.has(session.session_id)}
                serverNow={serverNow}
                onSelect={onSelect}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
});

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
  /** Active in the last few seconds (highlighted until the view expires it). */
  fresh: boolean;
  serverNow: number;
  onSelect: (sessionId: string) => void;
};

const SessionRow = memo(function SessionRow({ session, selected, fresh, serverNow, onSelect }: RowProps) {
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
      {fresh && <span className={styles.rowFlash} data-testid="row-fresh" />}
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
  const active = useClock(serverNow, (now) => now - lastSeen <= ACTIVE_WITHIN_SECONDS);
  if (!active) return null;
  return <span className={styles.activeDot} title="Active in the last 2 minutes" aria-label="active" />;
}
