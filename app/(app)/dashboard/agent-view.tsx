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

type View = { text: string; conversationId: string | null } | { error: string };

/**
 * The agent's view of the selected user: exactly the text `get_live_user_activity` returns for them (the
 * session itself while anonymous), and the chat conversation the session is linked to. Reloaded whenever
 * the session changes.
 */
export function AgentView({ session }: { session: SessionSummary }) {
  const [view, setView] = useState<View | null>(null);
  const lookup = session.user_id !== null ? `user_id=${encodeURIComponent(session.user_id)}` : `session_id=${encodeURIComponent(session.session_id)}`;

  // Requests are not aborted when the session changes: a reload that is still on its way (a cold server)
  // finishes and shows, and a later answer replaces it; an answer older than the one shown is dropped.
  const sequence = useRef({ sent: 0, shown: 0 });
  useEffect(() => {
    const seq = ++sequence.current.sent;
    const show = (next: View) => {
      if (seq < sequence.current.shown) return;
      sequence.current.shown = seq;
      setView(next);
    };
    const load = async () => {
      try {
        const [activity, payload] = await Promise.all(
          [`/api/activity?${lookup}&lookback_seconds=${LOOKBACK_SECONDS}`, `/api/sessions/${encodeURIComponent(session.session_id)}/conversation`].map(
            async (url) => {
              const response = await fetch(url, { cache: "no-store" });
              if (!response.ok) throw new Error(`${url.split("?")[0]} answered ${response.status}`);
              return response.json();
            },
          ),
        );
        show({ text: liveActivityText(activity, LOOKBACK_SECONDS), conversationId: payload.conversation_id ?? null });
      } catch (error) {
        show({ error: error instanceof Error ? error.message : String(error) });
      }
    };
    void load();
  }, [lookup, session.session_id, session.action_count, session.last_seen]);

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
