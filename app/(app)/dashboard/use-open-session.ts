"use client";

import { useCallback, useRef, type Dispatch } from "react";
import { StoredSessionSchema, withIndices } from "@/lib/activity/stored-session";
import type { ViewAction } from "./dashboard-view";
import { useStoreRead, type ReadStatus } from "./use-store-read";

/** How opening a session goes; `missing`: the store has no such session. */
export type OpenStatus = ReadStatus;

/**
 * Opens a session from the list: the row is highlighted at once, its actions come from one store read
 * (`GET /api/sessions/{id}/stored`) and the URL names it (`?session=`, to share or reload) through the History
 * API, which Next's router follows without rendering the page again on the server. Rendering the whole
 * dashboard (feed position, first page, skip counts, the session) to open one session took seconds on a busy
 * server. A newer selection cancels an older one still loading.
 */
export function useOpenSession(dispatch: Dispatch<ViewAction>) {
  const { status, read } = useStoreRead();
  const lastId = useRef<string | null>(null);

  const load = useCallback(
    (sessionId: string) =>
      read({
        url: `/api/sessions/${encodeURIComponent(sessionId)}/stored`,
        schema: StoredSessionSchema,
        use: (stored) => dispatch({ type: "opened", sessionId, found: withIndices(stored) }),
        missing: () => dispatch({ type: "opened", sessionId, found: null }),
      }),
    [dispatch, read],
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
