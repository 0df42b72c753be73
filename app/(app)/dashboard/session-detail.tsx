"use client";

import { defaultRangeExtractor, useWindowVirtualizer, type Range } from "@tanstack/react-virtual";
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type Ref } from "react";
import type { SelectedSession } from "@/lib/activity/apply-feed-entry";
import type { SessionSummary } from "@/lib/activity/session-summary";
import { compareActions } from "@/lib/activity/stored-action";
import { formatActionLine, toSlimActions } from "@/lib/activity/to-slim-actions";
import type { SlimAction } from "@/lib/autoplay/slim-action";
import { AgentView } from "./agent-view";
import { Avatar, ClockTime, CopyButton, CopyIcon, CheckIcon, EventUrl, RelativeTime } from "./bits";
import { useCopied } from "../use-copied";
import styles from "./dashboard.module.css";
import { displayIndices } from "./display-indices";
import { duration, revealInvisible } from "./format";
import { measureWithoutLayout } from "./measure-without-layout";
import type { OpenStatus } from "./use-open-session";

/** A pause longer than this between two actions is shown, so bursts of activity read as such. */
const IDLE_GAP_SECONDS = 60;

/** The end of the timeline counts as in view this close below the window's bottom edge. */
const AT_END_SLACK_PX = 80;
/** A timeline row's height before it is measured. */
const ROW_ESTIMATE = 68;
/** Rows rendered above and below the window, so scrolling rarely shows a row being drawn. */
const OVERSCAN = 8;
/** A short session is rendered whole, as the session list's first page is (see RENDER_ALL_UP_TO there). */
const RENDER_ALL_UP_TO = 50;

const renderedRows = (range: Range) =>
  range.count <= RENDER_ALL_UP_TO ? Array.from({ length: range.count }, (_, i) => i) : defaultRangeExtractor(range);

type Props = {
  session: SessionSummary;
  /** null while the selected session's actions are being loaded. */
  detail: SelectedSession | null;
  /** How reading the actions goes while `detail` is null. */
  loading: OpenStatus;
  onRetry: () => void;
  /** When (ms) an action arrived live, by event_id, to highlight it. */
  fresh: ReadonlyMap<string, number>;
  serverNow: number;
};

/** Whether two derived actions show the same thing (every field is a primitive). */
function sameAction(a: TimelineAction, b: TimelineAction): boolean {
  for (const key of Object.keys(a) as (keyof TimelineAction)[]) if (a[key] !== b[key]) return false;
  return true;
}

export const SessionDetail = memo(function SessionDetail({ session, detail, loading, onRetry, fresh, serverNow }: Props) {
  // The previous derivation, by event_id: an action whose derived fields did not change keeps its object, so
  // its memoised row does not re-render when another action arrives.
  const previous = useRef(new Map<string, TimelineAction>());
  const actions = useMemo(() => {
    if (!detail) return [];
    // toSlimActions orders the same way, so the i-th slim action is the i-th stored one: keep its event_id.
    const ordered = [...detail.actions].sort(compareActions);
    const kept = new Map<string, TimelineAction>();
    const indices = displayIndices(ordered);
    const derived = toSlimActions(detail.session, ordered).map((slim, i) => {
      const action: TimelineAction = { ...slim, index: indices[i]!, event_id: ordered[i]!.event_id };
      const before = previous.current.get(action.event_id);
      const stable = before && sameAction(before, action) ? before : action;
      kept.set(action.event_id, stable);
      return stable;
    });
    previous.current = kept;
    return derived;
  }, [detail]);
  const agentContext = useMemo(() => actions.map(formatActionLine).join("\n"), [actions]);

  return (
    <section className={styles.detail} aria-label="Selected session" data-session-id={session.session_id}>
      <SessionHeader session={session} serverNow={serverNow} agentContext={agentContext} />
      <AgentView key={session.session_id} session={session} />
      {detail === null && loading === "failed" ? (
        <p className={styles.timelineProblem} role="status">
          Could not load this session&apos;s actions.{" "}
          <button type="button" className={styles.linkButton} onClick={onRetry}>
            Try again
          </button>
        </p>
      ) : detail === null ? (
        <div className={styles.timelineLoading} aria-busy="true">
          {loading === "unavailable" && (
            <p className={styles.timelineProblem} role="status">
              Store unavailable, retrying…
            </p>
          )}
          <span className={styles.skeleton} />
          <span className={styles.skeleton} />
          <span className={styles.skeleton} />
        </div>
      ) : (
        <Timeline session={session} actions={actions} fresh={fresh} />
      )}
    </section>
  );
});

function SessionHeader({
  session,
  serverNow,
  agentContext,
}: {
  session: SessionSummary;
  serverNow: number;
  agentContext: string;
}) {
  const identified = session.user_id !== null;
  return (
    <header className={styles.detailHeader}>
      <div className={styles.detailTitleRow}>
        <Avatar email={session.email} large />
        <div className={styles.detailTitle}>
          <div className={styles.detailNameRow}>
            <h2 className={styles.detailName}>{session.email ? revealInvisible(session.email) : "Anonymous visitor"}</h2>
            {identified ? (
              <span className={`${styles.pill} ${styles.pillSuccess}`}>Identified</span>
            ) : (
              <span className={styles.pill}>Anonymous</span>
            )}
          </div>
          <div className={styles.detailSession}>
            <span className={styles.detailLabelInline}>Session</span>
            <code className={styles.mono} title={revealInvisible(session.session_id)}>
              {revealInvisible(session.session_id)}
            </code>
            <CopyButton value={session.session_id} label="Copy session id" />
          </div>
        </div>
        <CopyAgentContext value={agentContext} />
      </div>

      <dl className={styles.facts}>
        <div>
          <dt>User</dt>
          <dd data-testid="session-user" className={styles.mono}>
            {session.user_id ? revealInvisible(session.user_id) : "anonymous"}
          </dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd data-testid="session-email">{session.email ? revealInvisible(session.email) : "—"}</dd>
        </div>
        <div>
          <dt>Product</dt>
          <dd className={styles.mono}>{revealInvisible(session.product_id)}</dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>
            <ClockTime at={session.first_seen} />
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>
            <ClockTime at={session.last_seen} />{" "}
            <span className={styles.subtle}>
              (<RelativeTime at={session.last_seen} serverNow={serverNow} />)
            </span>
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{duration(session.last_seen - session.first_seen)}</dd>
        </div>
      </dl>
      {session.identified_at !== null && (
        <p className={styles.identifiedNote}>
          <span className={styles.identifiedDot} aria-hidden="true" />
          Identified at <ClockTime at={session.identified_at} className={styles.mono} />
          <span className={styles.subtle}> — earlier anonymous actions carry this user too</span>
        </p>
      )}
    </header>
  );
}

function CopyAgentContext({ value }: { value: string }) {
  const [state, copy] = useCopied();
  const copied = state === "copied";
  return (
    <button
      type="button"
      className={styles.smallButton}
      disabled={value === ""}
      title="Copy the actions as the lines an agent reads: [index] type: description — canonical_url"
      onClick={() => copy(value)}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
      {copied ? "Copied" : "Copy for agent"}
    </button>
  );
}

type TimelineAction = SlimAction & { event_id: string };

type TimelineItem =
  | { kind: "action"; action: TimelineAction }
  | { kind: "identified"; at: number }
  | { kind: "gap"; seconds: number; before: string };

/** Actions in order, with the moment of identification and long pauses placed between them. */
function timelineItems(actions: TimelineAction[], identifiedAt: number | null): TimelineItem[] {
  const items: TimelineItem[] = [];
  let markerPlaced = identifiedAt === null;
  actions.forEach((action, i) => {
    const previous = actions[i - 1];
    if (previous && action.timestamp_start - previous.timestamp_start > IDLE_GAP_SECONDS) {
      items.push({ kind: "gap", seconds: action.timestamp_start - previous.timestamp_start, before: action.event_id });
    }
    if (!markerPlaced && identifiedAt !== null && identifiedAt <= action.timestamp_start) {
      items.push({ kind: "identified", at: identifiedAt });
      markerPlaced = true;
    }
    items.push({ kind: "action", action });
  });
  if (!markerPlaced && identifiedAt !== null) items.push({ kind: "identified", at: identifiedAt });
  return items;
}

const itemKey = (item: TimelineItem) =>
  item.kind === "action" ? item.action.event_id : item.kind === "gap" ? `gap:${item.before}` : "identified";

type TimelineProps = { session: SessionSummary; actions: TimelineAction[]; fresh: ReadonlyMap<string, number> };

/** The session's actions (up to the store's cap), only those in the window rendered: the page scrolls, not the list. */
function Timeline({ session, actions, fresh }: TimelineProps) {
  const items = useMemo(() => timelineItems(actions, session.identified_at), [actions, session.identified_at]);
  const list = useRef<HTMLOListElement>(null);
  // Where the list starts in the page, which the header above it decides.
  const [listTop, setListTop] = useState(0);
  useLayoutEffect(() => {
    const top = (list.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
    if (Math.abs(top - listTop) >= 1) setListTop(top);
  });
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: () => ROW_ESTIMATE,
    overscan: OVERSCAN,
    rangeExtractor: renderedRows,
    measureElement: measureWithoutLayout,
    useFlushSync: false,
    scrollMargin: listTop,
    getItemKey: (index) => itemKey(items[index]!),
  });
  const end = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const seen = useRef({ session: session.session_id, count: actions.length });
  const [unseen, setUnseen] = useState(0);

  // Whether the person is at the end of the timeline, decided by where they scrolled, not by where the end is
  // after new rows pushed it down: an IntersectionObserver reported "not at the end" as soon as a batch grew the
  // page, before the follow below ran, and the view stopped following for good.
  useEffect(() => {
    let frame = 0;
    const check = () => {
      frame = 0;
      const node = end.current;
      if (!node) return;
      atEnd.current = node.getBoundingClientRect().bottom <= window.innerHeight + AT_END_SLACK_PX;
      if (atEnd.current) setUnseen(0);
    };
    const onScroll = () => {
      frame ||= requestAnimationFrame(check);
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    check();
    return () => {
      window.removeEventListener("scroll", onScroll);
      cancelAnimationFrame(frame);
    };
  }, []);

  // Follow new actions while at the end of the timeline (an instant jump: a smooth scroll still under way when
  // the next batch lands reads as "scrolled away"); otherwise offer to jump to them.
  useEffect(() => {
    const before = seen.current;
    seen.current = { session: session.session_id, count: actions.length };
    if (before.session !== session.session_id) {
      setUnseen(0);
      return;
    }
    const added = actions.length - before.count;
    if (added <= 0) return;
    if (atEnd.current) end.current?.scrollIntoView({ block: "end" });
    else setUnseen((n) => n + added);
  }, [actions.length, session.session_id]);

  if (actions.length === 0) {
    return (
      <div className={styles.timelineEmpty}>
        <p>No actions in this session yet.</p>
        <p className={styles.subtle}>Pageviews, clicks, form submits and typing show up here as they happen.</p>
      </div>
    );
  }

  return (
    <div className={styles.timelineWrap}>
      <div className={styles.timelineHead}>
        <h3 className={styles.sectionTitle}>Actions</h3>
        <span className={styles.subtle}>{actions.length} in time order, as the agent receives them</span>
      </div>
      <ol ref={list} className={styles.timeline} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index]!;
          const offset = row.start - listTop;
          const placed = { ref: virtualizer.measureElement, "data-index": row.index, style: { transform: `translateY(${offset}px)` } };
          if (item.kind === "action") {
            return (
              <ActionRow
                key={row.key}
                action={item.action}
                fresh={fresh.has(item.action.event_id)}
                rowRef={virtualizer.measureElement}
                index={row.index}
                offset={offset}
              />
            );
          }
          if (item.kind === "identified") {
            return (
              <li key={row.key} {...placed} className={styles.markerRow} data-testid="identified-marker">
                <span className={styles.markerLine} aria-hidden="true" />
                <span className={styles.markerLabel}>
                  <span className={styles.identifiedDot} aria-hidden="true" />
                  Identified at <ClockTime at={item.at} />
                  {session.email ? <span className={styles.markerWho}> as {revealInvisible(session.email)}</span> : null}
                </span>
                <span className={styles.markerLine} aria-hidden="true" />
              </li>
            );
          }
          return (
            <li key={row.key} {...placed} className={styles.gapRow}>
              <span>idle {duration(item.seconds)}</span>
            </li>
          );
        })}
      </ol>
      <div ref={end} className={styles.timelineEnd} />
      {unseen > 0 && (
        <button
          type="button"
          className={styles.newPill}
          onClick={() => end.current?.scrollIntoView({ block: "end", behavior: "smooth" })}
        >
          ↓ {unseen} new {unseen === 1 ? "action" : "actions"}
        </button>
      )}
    </div>
  );
}

type ActionRowProps = {
  action: TimelineAction;
  fresh: boolean;
  rowRef: Ref<HTMLLIElement>;
  index: number;
  /** Where the row sits in the list (px). */
  offset: number;
};

const ActionRow = memo(function ActionRow({ action, fresh, rowRef, index, offset }: ActionRowProps) {
  return (
    <li
      ref={rowRef}
      data-index={index}
      style={{ transform: `translateY(${offset}px)` }}
      className={fresh ? `${styles.actionRow} ${styles.fresh}` : styles.actionRow}
      data-testid="action-row"
      data-action-type={action.type}
      data-event-id={action.event_id}
    >
      <span className={styles.actionIndex}>{action.index}</span>
      <span className={styles.typeBadge} data-type={action.type}>
        {action.type}
      </span>
      <span className={styles.actionBody}>
        <span className={styles.actionTitle}>{action.title}</span>
        <span className={styles.actionDescription}>{action.description}</span>
        <EventUrl className={styles.actionUrl} text={action.canonical_url} href={action.raw_url} />
      </span>
      <ClockTime at={action.timestamp_start} className={styles.actionTime} />
    </li>
  );
});
