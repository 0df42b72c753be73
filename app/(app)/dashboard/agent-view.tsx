"use client";

import { useEffect, useRef, useState } from "react";
import type { SessionSummary } from "@/lib/activity/session-summary";
import { liveActivityText } from "@/lib/agent/live-activity-text";
import { useCopied } from "../use-copied";
import { CheckIcon, CopyIcon } from "./bits";
import { revealInvisible } from "./format";
import styles from "./agent-view.module.css";

/** The MCP tool's and the SDK's default window. */
const LOOKBACK_SECONDS = 300;
/** The agent's view is reloaded at most this often while the session changes. */
const RELOAD_EVERY_MS = 2_000;

type View = { text: string; conversationId: string | null } | { error: string };

type Loader = {
  /** The session's state the view should show, and the one it shows. */
  wanted: string;
  loaded: string;
  lookup: string;
  inFlight: boolean;
  lastStart: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  controller: AbortController;
  pump?: () => void;
};

/** What `get_live_user_activity` returns for the lookup, and the session's linked conversation; null if cancelled. */
async function loadAgentView(lookup: string, sessionId: string, signal: AbortSignal): Promise<View | null> {
  try {
    const [activity, payload] = await Promise.all(
      [`/api/activity?${lookup}&lookback_seconds=${LOOKBACK_SECONDS}`, `/api/sessions/${encodeURIComponent(sessionId)}/conversation`].map(async (url) => {
        const response = await fetch(url, { cache: "no-store", signal });
        if (!response.ok) throw new Error(`${url.split("?")[0]} answered ${response.status}`);
        return response.json();
      }),
    );
    return { text: liveActivityText(activity, LOOKBACK_SECONDS), conversationId: payload.conversation_id ?? null };
  } catch (error) {
    if (signal.aborted) return null;
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The agent's view of the selected user: exactly the text `get_live_user_activity` returns for them (the
 * session itself while anonymous), and the chat conversation the session is linked to. Reloaded whenever
 * the session changes.
 */
export function AgentView({ session }: { session: SessionSummary }) {
  const [view, setView] = useState<View | null>(null);
  const lookup = session.user_id !== null ? `user_id=${encodeURIComponent(session.user_id)}` : `session_id=${encodeURIComponent(session.session_id)}`;

  // Reloaded as the session changes, but at most one request at a time and one every RELOAD_EVERY_MS: on a
  // busy product the selected session changes several times a second, and a reload per change would queue
  // requests faster than a loaded server answers them (each also holding one of the browser's six connections).
  // The component is keyed by session, so leaving it for another session cancels what is still on its way.
  const version = `${lookup}|${session.action_count}|${session.last_seen}`;
  const loader = useRef<Loader | null>(null);
  useEffect(() => {
    const state: Loader = { wanted: version, lookup, loaded: "", inFlight: false, lastStart: -Infinity, timer: undefined, controller: new AbortController() };
    loader.current = state;
    const pump = () => {
      clearTimeout(state.timer);
      if (state.inFlight || state.loaded === state.wanted || state.controller.signal.aborted) return;
      const wait = state.lastStart + RELOAD_EVERY_MS - performance.now();
      if (wait > 0) {
        state.timer = setTimeout(pump, wait);
        return;
      }
      const target = state.wanted;
      state.inFlight = true;
      state.lastStart = performance.now();
      void loadAgentView(state.lookup, session.session_id, state.controller.signal).then((next) => {
        state.inFlight = false;
        if (next === null) return;
        state.loaded = target;
        setView(next);
        pump();
      });
    };
    state.pump = pump;
    pump();
    return () => {
      clearTimeout(state.timer);
      state.controller.abort();
    };
    // The session id is the component's key: it never changes while mounted.
  }, []);
  useEffect(() => {
    const state = loader.current;
    if (!state) return;
    state.wanted = version;
    state.lookup = lookup;
    state.pump?.();
  }, [version, lookup]);

  return (
    <section className={styles.agentView} aria-labelledby="agent-view-heading" data-testid="agent-view">
      <div className={styles.header}>
        <div>
          <h3 id="agent-view-heading" className={styles.title}>
            What your agent sees
          </h3>
          <p className={styles.subtitle}>
            <code>get_live_user_activity</code> for this {session.user_id !== null ? "user" : "session"}, last{" "}
            {LOOKBACK_SECONDS / 60} minutes
          </p>
        </div>
        <CopyText value={view && "text" in view ? view.text : ""} />
      </div>
      <p className={styles.conversation} data-testid="agent-conversation">
        {view && "text" in view ? (
          view.conversationId ? (
            <>
              Linked conversation <code>{revealInvisible(view.conversationId)}</code>
            </>
          ) : (
            "No chat conversation linked to this session yet."
          )
        ) : null}
      </p>
      {view === null ? (
        <p className={styles.muted} aria-busy="true">
          Loading…
        </p>
      ) : "error" in view ? (
        <p className={styles.muted} role="alert">
          Could not load the agent&apos;s view: {view.error}
        </p>
      ) : (
        <pre className={styles.text} data-testid="agent-text" tabIndex={0}>
          {/* Shown with bidi and zero-width characters revealed; the copy button copies the exact text. */}
          {revealInvisible(view.text)}
        </pre>
      )}
    </section>
  );
}

function CopyText({ value }: { value: string }) {
  const [state, copy] = useCopied();
  const copied = state === "copied";
  return (
    <button type="button" className={styles.copy} disabled={value === ""} onClick={() => copy(value)}>
      {copied ? <CheckIcon /> : <CopyIcon />}
      {copied ? "Copied" : "Copy agent text"}
    </button>
  );
}
