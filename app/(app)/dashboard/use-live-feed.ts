"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { DashboardBlockSchema } from "@/lib/activity/dashboard-block";
import type { FeedEntry } from "@/lib/activity/feed-entry";

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

/** Waits between our own reconnects once the browser has given up (EventSource closes for good on a 4xx/5xx). */
const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];

/**
 * Subscribes to the session feed. While the connection merely drops, EventSource reconnects by itself and
 * resumes with Last-Event-ID; when it closes for good (a failed response, the network gone), this reopens
 * it after the last entry received, so nothing is missed either way.
 */
export function useLiveFeed(after: string | null, onEntries: (entries: FeedEntry[]) => void) {
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [attempt, setAttempt] = useState(0);
  const lastId = useRef(after);
  const failures = useRef(0);
  const handler = useRef(onEntries);
  useEffect(() => {
    handler.current = onEntries;
  }, [onEntries]);

  useEffect(() => {
    const query = lastId.current === null ? "" : `?after=${encodeURIComponent(lastId.current)}`;
    const source = new EventSource(`/api/sessions/stream${query}`);
    let retry: ReturnType<typeof setTimeout> | undefined;

    source.onopen = () => {
      failures.current = 0;
      setStatus("live");
    };
    source.addEventListener("heartbeat", () => setStatus("live"));
    source.addEventListener("sessions", (event: MessageEvent<string>) => {
      setStatus("live");
      if (event.lastEventId) lastId.current = event.lastEventId;
      let parsed: ReturnType<typeof DashboardBlockSchema.safeParse>;
      try {
        parsed = DashboardBlockSchema.safeParse(JSON.parse(event.data));
      } catch {
        console.warn("dashboard: ignored a feed frame that is not JSON");
        return;
      }
      if (parsed.success) handler.current(parsed.data.entries);
      else console.warn("dashboard: ignored a feed block of unexpected shape", parsed.error.issues);
    });
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
