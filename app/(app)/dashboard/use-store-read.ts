"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ZodType } from "zod";

/**
 * `loading`: on its way; `unavailable`: the store answered 503 and the same request is retried after its
 * Retry-After; `missing`: 404 (when the caller says what that means); `failed`: anything else.
 */
export type ReadStatus = "idle" | "loading" | "unavailable" | "missing" | "failed";

const FALLBACK_RETRY_SECONDS = 2;

type Read<T> = { url: string; schema: ZodType<T>; use: (data: T) => void; missing?: () => void };

/**
 * One read of one of the app's JSON routes at a time, as the dashboard's lists and panels need it: a newer read
 * cancels the one still on its way, a store outage (503) is retried after the answer's Retry-After, and what
 * came back is checked against its schema before it is used. Leaving the page cancels what is pending.
 */
export function useStoreRead() {
  const [status, setStatus] = useState<ReadStatus>("idle");
  const inFlight = useRef<AbortController | null>(null);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const read = useCallback(async <T,>(request: Read<T>): Promise<void> => {
    inFlight.current?.abort();
    clearTimeout(retryTimer.current);
    const controller = new AbortController();
    inFlight.current = controller;
    setStatus("loading");
    try {
      const response = await fetch(request.url, { signal: controller.signal, cache: "no-store" });
      if (response.status === 503) {
        setStatus("unavailable");
        const seconds = Number(response.headers.get("retry-after")) || FALLBACK_RETRY_SECONDS;
        retryTimer.current = setTimeout(() => void read(request), seconds * 1000);
        return;
      }
      if (response.status === 404 && request.missing) {
        request.missing();
        setStatus("missing");
        return;
      }
      const parsed = response.ok ? request.schema.safeParse(await response.json()) : null;
      if (!parsed?.success) {
        setStatus("failed");
        return;
      }
      request.use(parsed.data);
      setStatus("idle");
    } catch {
      if (!controller.signal.aborted) setStatus("failed");
    }
  }, []);

  useEffect(
    () => () => {
      inFlight.current?.abort();
      clearTimeout(retryTimer.current);
    },
    [],
  );

  return { status, read };
}
