"use client";

import { useCallback, type Dispatch } from "react";
import { DEFAULT_PAGE_SIZE } from "@/lib/activity/session-list-params";
import { SessionsPageSchema } from "@/lib/activity/sessions-page";
import type { ViewAction } from "./dashboard-view";
import { useStoreRead } from "./use-store-read";

/** `unavailable`: the store answered 503; the same request is retried after its Retry-After. */
export type PagesStatus = "idle" | "loading" | "unavailable" | "failed";

/**
 * Loads pages of the session list from `GET /api/sessions`: the next one as the list is scrolled, the first
 * one of a search. One request at a time; a new search cancels the previous one.
 */
export function useSessionPages(query: string | null, nextCursor: string | null, dispatch: Dispatch<ViewAction>) {
  const { status: read, read: readPage } = useStoreRead();
  // A page has no "missing": no 404 handler is given, so a 404 is a failure.
  const status: PagesStatus = read === "missing" ? "failed" : read;

  const fetchPage = useCallback(
    (q: string | null, cursor: string | null, replace: boolean): Promise<void> => {
      const params = new URLSearchParams({ limit: String(DEFAULT_PAGE_SIZE) });
      if (q !== null) params.set("q", q);
      if (cursor !== null) params.set("cursor", cursor);
      return readPage({
        url: `/api/sessions?${params}`,
        schema: SessionsPageSchema,
        use: (page) => dispatch({ type: "page", query: q, page, replace }),
      });
    },
    [dispatch, readPage],
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
