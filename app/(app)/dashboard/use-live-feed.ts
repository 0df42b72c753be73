"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ZodType } from "zod";
import { DashboardBlockSchema } from "@/lib/activity/dashboard-block";
import type { FeedEntry } from "@/lib/activity/feed-entry";
import { FeedResetSchema, type FeedReset } from "@/lib/activity/feed-reset";
import type { ViewAction } from "./dashboard-view";

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

/** Waits between our own reconnects once the browser has given up (EventSource closes for good on a 4xx/5xx). */
const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];

/** What the feed hands over, in stream order: entries, and resets (it could not resume where it was). */
export type FeedItem = FeedEntry | FeedReset;

/** A batch of feed items as the view's actions, in order: a reset splits the entries around it. */
export function feedItemActions(items: readonly FeedItem[], at: number): ViewAction[] {
  const actions: ViewAction[] = [];
  let entries: FeedEntry[] = [];
  for (const item of items) {
    if (!("type" in item)) {
      entries.push(item);
      continue;
    }
    if (entries.length > 0) actions.push({ type: "entries", entries, at });
    entries = [];
    actions.push({ type: "reset", reset: item, at });
  }
  if (entries.length > 0) actions.push({ type: "entries", entries, at });
  return actions;
}

/**
 * Subscribes to the session feed. While the connection merely drops, EventSource reconnects by itself and
 * resumes with Last-Event-ID; when it closes for good (a failed response, the network gone), this reopens
 * it after the last position received (every frame carries it, heartbeats too), so nothing is missed either
 * way. When the server cannot resume (its store restarted, or the position is older than what it keeps), it
 * says `event: reset`, handed over in order with the entries, and the view reloads.
 */
export function useLiveFeed(after: string | null, onItems: (items: FeedItem[]) => void) {
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [attempt, setAttempt] = useState(0);
  const lastId = useRef(after);
  const failures = useRef(0);
  const handler = useRef(onItems);
  useEffect(() => {
    handler.current = onItems;
  }, [onItems]);

  useEffect(() => {
    const query = lastId.current === null ? "" : `?after=${encodeURIComponent(lastId.current)}`;
    const source = new EventSource(`/api/sessions/stream${query}`);
    let retry: ReturnType<typeof setTimeout> | undefined;

    source.onopen = () => {
      failures.current = 0;
      setStatus("live");
    };
    const frame = <T,>(schema: ZodType<T>, items: (data: T) => FeedItem[]) => (event: MessageEvent<string>) => {
      setStatus("live");
      if (event.lastEventId) lastId.current = event.lastEventId;
      let parsed: ReturnType<typeof schema.safeParse>;
      try {
        parsed = schema.safeParse(JSON.parse(event.data));
      } catch {
        console.warn("dashboard: ignored a feed frame that is not JSON");
        return;
      }
      if (parsed.success) handler.current(items(parsed.data));
      else console.warn("dashboard: ignored a feed frame of unexpected shape", parsed.error.issues);
    };
    source.addEventListener("heartbeat", (event: MessageEvent<string>) => {
      setStatus("live");
      if (event.lastEventId) lastId.current = event.lastEventId;
    });
    source.addEventListener("sessions", frame(DashboardBlockSchema, (block) => block.entries));
    source.addEventListener("reset", frame(FeedResetSchema, (reset) => [reset]));
    source.onerror = () => {
      if (source.readyState === EventSource.CONNECTING && navigator.onLine) {
        setStatus("reconnecting");
        return;
      }
      source.close();
      setStatus("offline");
      const delay = RETRY_DELAYS_MS[Math.min(failures.current++, RETRY_DELAYS_MS.length - 1)];
      retry = setTimeout(() => setAttempt((n) => n + 1), delay);
    };

    return () => {
      clearTimeout(retry);
      source.close();
    };
  }, [attempt]);

  useEffect(() => {
    const goOffline = () => setStatus("offline");
    const goOnline = () => setAttempt((n) => n + 1);
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    return () => {
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
    };
  }, []);

  const reconnect = useCallback(() => {
    setStatus("connecting");
    setAttempt((n) => n + 1);
  }, []);

  return { status, reconnect };
}
