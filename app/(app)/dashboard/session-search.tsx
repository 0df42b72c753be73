"use client";

import { memo, useEffect, useRef, useState } from "react";
import styles from "./dashboard.module.css";

/** How long typing pauses before the search runs (Enter runs it at once). */
const DEBOUNCE_MS = 300;

/**
 * Finds a user's sessions by email, user id or session id through `GET /api/sessions?q=`. Matches are exact
 * (email in any case), so the search runs when typing pauses rather than on every keystroke.
 */
export const SessionSearch = memo(function SessionSearch({ onSearch }: { onSearch: (query: string | null) => void }) {
  const [text, setText] = useState("");
  const searched = useRef<string | null>(null);
  const handler = useRef(onSearch);
  useEffect(() => {
    handler.current = onSearch;
  }, [onSearch]);

  const run = (value: string) => {
    const query = value.trim() || null;
    if (query === searched.current) return;
    searched.current = query;
    handler.current(query);
  };

  useEffect(() => {
    const timer = setTimeout(() => run(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <form
      role="search"
      className={styles.search}
      onSubmit={(event) => {
        event.preventDefault();
        run(text);
      }}
    >
      <label htmlFor="session-search" className="visually-hidden">
        Search sessions by email, user id or session id
      </label>
      <input
        id="session-search"
        type="search"
        className={styles.searchInput}
        placeholder="Email, user id or session id"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
    </form>
  );
});
