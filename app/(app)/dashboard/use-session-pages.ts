"use client";

import { useCallback, useEffect, useRef, useState, type Dispatch } from "react";
import { DEFAULT_PAGE_SIZE } from "@/lib/activity/session-list-params";
import { SessionsPageSchema } from "@/lib/activity/sessions-page";
import type { ViewAction } from "./dashboard-view";

/** `unavailable`: the store answered 503; the same request is retried after its Retry-After. */
export type PagesStatus = "idle" | "loading" | "unavailable" | "failed";

const FALLBACK_RETRY_SECONDS = 2;

/**
 * Loads pages of the session list from `GET /api/sessions`: the next one as the list is scrolled, the first
 * one of a search. One request at a time; a new search cancels the previous one.
 */
export function useSessionPages(query: string | null, nextCursor: string | null, dispatch: Dispatch<ViewAction>) {
  const [status, setStatus] = useState<PagesStatus>("idle");
  const inFlight = useRef<AbortController | null>(null);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const fetchPage = useCallback(
    async (q: string | null, cursor: string | null, replace: boolean): Promise<void> => {
      inFlight.current?.abort();
      clearTimeout(retryTimer.current);
      const controller = new AbortController();
      inFlight.current = controller;
      setStatus("loading");
      const params = new URLSearchParams({ limit: String(DEFAULT_PAGE_SIZE) });
      if (q !== null) params.set("q", q);
      if (cursor !== null) params.set("cursor", cursor);
      try {
        const response = await fetch(`/api/sessions?${params}`, { signal: controller.signal, cache: "no-store" });
        if (response.status === 503) {
          setStatus("unavailable");
          const seconds = Number(response.headers.get("retry-after")) || FALLBACK_RETRY_SECONDS;
          retryTimer.current = setTimeout(() => void fetchPage(q, cursor, replace), seconds * 1000);
          return;
        }
        const page = response.ok ? SessionsPageSchema.safeParse(await response.json()) : null;
        if (!page?.success) {
          setStatus("failed");
          return;
        }
        dispatch({ type: "page", query: q, page: page.data, replace });
        setStatus("idle");
      } catch {
        if (!controller.signal.aborted) setStatus("failed");
      } finally {
        if (inFlight.current === controller && controller.signal.aborted) inFlight.current = null;
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

  const loadMore = useCallback(() => {
    if (status === "idle" && nextCursor !== null) void fetchPage(query, nextCursor, false);
  }, [fetchPage, nextCursor, query, status]);

  const search = useCallback(
    (q: string | null) => {
      dispatch({ type: "search", query: q });
      void fetchPage(q, null, true);
    },
    [dispatch, fetchPage],
  );

  /** After a failure: the request that failed, again. */
  const retry = useCallback(() => void fetchPage(query, nextCursor, nextCursor === null), [fetchPage, nextCursor, query]);

  return { status, loadMore, search, retry };
}
