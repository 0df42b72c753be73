"use client";

import { useCallback, useEffect, useRef, useState, type Dispatch } from "react";
import { StoredSessionSchema, withIndices } from "@/lib/activity/stored-session";
import type { ViewAction } from "./dashboard-view";

/**
 * `loading`: the session's actions are on their way; `unavailable`: the store answered 503 and the same request
 * is retried after its Retry-After; `missing`: the store has no such session; `failed`: anything else.
 */
export type OpenStatus = "idle" | "loading" | "unavailable" | "missing" | "failed";

const FALLBACK_RETRY_SECONDS = 2;

/**
 * Opens a session from the list: the row is highlighted at once, its actions come from one store read
 * (`GET /api/sessions/{id}/stored`) and the URL names it (`?session=`, to share or reload) through the History
 * API, which Next's router follows without rendering the page again on the server. Rendering the whole
 * dashboard (feed position, first page, skip counts, the session) to open one session took seconds on a busy
 * server. A newer selection cancels an older one still loading.
 */
export function useOpenSession(dispatch: Dispatch<ViewAction>) {
  const [status, setStatus] = useState<OpenStatus>("idle");
  const inFlight = useRef<AbortController | null>(null);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastId = useRef<string | null>(null);

  const load = useCallback(
    async (sessionId: string): Promise<void> => {
      inFlight.current?.abort();
      clearTimeout(retryTimer.current);
      const controller = new AbortController();
      inFlight.current = controller;
      setStatus("loading");
      try {
        const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/stored`, {
          signal: controller.signal,
          cache: "no-store",
        });
        if (response.status === 503) {
          setStatus("unavailable");
          const seconds = Number(response.headers.get("retry-after")) || FALLBACK_RETRY_SECONDS;
          retryTimer.current = setTimeout(() => void load(sessionId), seconds * 1000);
          return;
        }
        if (response.status === 404) {
          dispatch({ type: "opened", sessionId, found: null });
          setStatus("missing");
          return;
        }
        const parsed = response.ok ? StoredSessionSchema.safeParse(await response.json()) : null;
        if (!parsed?.success) {
          setStatus("failed");
          return;
        }
        dispatch({ type: "opened", sessionId, found: withIndices(parsed.data) });
        setStatus("idle");
      } catch {
        if (!controller.signal.aborted) setStatus("failed");
      }
    },
    [dispatch],
  );

  useEffect(
    () => () => {
      inFlight.current?.abort();
      clearTimeout(retryTimer.current);
    },
    [],
  );

  const open = useCallback(
    (sessionId: string) => {
      lastId.current = sessionId;
      dispatch({ type: "open", sessionId });
      window.history.replaceState(null, "", `/dashboard?session=${encodeURIComponent(sessionId)}`);
      void load(sessionId);
    },
    [dispatch, load],
  );

  /** After a failure: the same session, again. */
  const retry = useCallback(() => {
    if (lastId.current !== null) void load(lastId.current);
  }, [load]);

  return { open, status, retry };
}
