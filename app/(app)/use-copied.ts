"use client";

import { useCallback, useEffect, useState } from "react";

export type CopyState = "idle" | "copied" | "failed";

/**
 * Copies text to the clipboard and says how it went for a moment (the button's label), then resets.
 * `text` may be a promise, for values fetched only when the user asks to copy them.
 */
export function useCopied(resetMs = 1_500): [CopyState, (text: string | Promise<string | null>) => void] {
  const [state, setState] = useState<CopyState>("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), resetMs);
    return () => clearTimeout(timer);
  }, [state, resetMs]);
  const copy = useCallback((text: string | Promise<string | null>) => {
    Promise.resolve(text)
      .then((value) => {
        if (value === null || !navigator.clipboard) throw new Error("nothing to copy");
        return navigator.clipboard.writeText(value);
      })
      .then(
        () => setState("copied"),
        () => setState("failed"),
      );
  }, []);
  return [state, copy];
}
