/**
 * A script for `page.addInitScript`: measures the page from inside, so the figures do not depend on how fast
 * the bench process can ask.
 * - Long tasks (the Long Tasks API, > 50 ms on the main thread), buffered from the page's start.
 * - React renders: a minimal stand-in for React DevTools' global hook, which React calls on every commit even
 *   in production builds. A component counts as rendered when its fiber carries React's PerformedWork flag
 *   and was processed in this commit (a subtree React bailed out of keeps the child fibers of the previous
 *   commit, so it is not walked).
 * - Click → detail: from the pointerdown's own timestamp (when the input happened, however late the page
 *   handled it) to the first frame after the detail shows that session with its actions (no loading skeleton).
 */

export type ProbeWindow = {
  __bench: {
    mark: () => number;
    since: (from: number) => { windowMs: number; longTaskMs: number; longest: number; renders: number; commits: number };
    watch: (sessionId: string) => void;
    /** ms from click to detail (Infinity: never shown); `missed`: the pointer came down on another row. */
    opened: (timeoutMs: number) => Promise<{ ms: number; missed: boolean; readMs?: number }>;
  };
};

export const RENDER_PROBE = `(() => {
  const longTasks = [];
  const commits = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch {}

  const COMPONENT_TAGS = new Set([0, 1, 11, 15]);
  const PERFORMED_WORK = 1;
  function rendered(root) {
    let n = 0;
    const stack = [root.current];
    while (stack.length) {
      const f = stack.pop();
      if (COMPONENT_TAGS.has(f.tag) && (f.flags & PERFORMED_WORK)) n++;
      const alt = f.alternate;
      if (f.child && (alt === null || f.child !== alt.child)) {
        for (let c = f.child; c; c = c.sibling) stack.push(c);
      }
    }
    return n;
  }
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    checkDCE() {},
    inject() { return 1; },
    onCommitFiberRoot(_id, root) { commits.push([performance.now(), rendered(root)]); },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
  };

  let watching = null;
  document.addEventListener("pointerdown", (e) => {
    if (watching && watching.clickAt === null) {
      watching.clickAt = e.timeStamp;
      // The row under the pointer when it went down: another one than aimed at means the list moved under it.
      const row = e.target instanceof Element ? e.target.closest("[data-session-id]") : null;
      watching.hit = row ? row.getAttribute("data-session-id") : null;
    }
  }, true);

  function shown(id) {
    const section = document.querySelector('section[aria-label="Selected session"]');
    if (!section || section.querySelector('[aria-busy="true"]')) return false;
    const code = section.querySelector("code");
    return !!code && code.textContent === id;
  }

  window.__bench = {
    mark: () => performance.now(),
    since(from) {
      const now = performance.now();
      let longTaskMs = 0, longest = 0, renders = 0, n = 0;
      for (const [start, duration] of longTasks) {
        const overlap = Math.min(now, start + duration) - Math.max(from, start);
        if (overlap > 0) { longTaskMs += overlap; longest = Math.max(longest, duration); }
      }
      for (const [at, count] of commits) if (at >= from && at <= now) { renders += count; n++; }
      return { windowMs: now - from, longTaskMs, longest, renders, commits: n };
    },
    watch(id) {
      // The page keeps requesting (the agent's view, pages of the list): without this, the browser's buffer of
      // 250 entries fills and the session's read is no longer recorded.
      performance.clearResourceTimings();
      const w = { id, clickAt: null, hit: undefined, shownAt: null, done: null };
      watching = w;
      w.done = new Promise((resolve) => {
        const check = () => {
          if (w.clickAt === null || w.shownAt !== null || !shown(id)) return;
          w.shownAt = -1;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - w.clickAt));
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        w.check = check;
      });
    },
    opened(timeoutMs) {
      const w = watching;
      if (!w) return Promise.resolve({ ms: NaN, missed: false });
      if (w.hit !== undefined && w.hit !== w.id) return Promise.resolve({ ms: NaN, missed: true });
      w.check();
      return Promise.race([w.done, new Promise((resolve) => setTimeout(() => resolve(Infinity), timeoutMs))]).then((ms) => {
        // The server's share: the session's read, from request start to its last byte (Resource Timing).
        const read = performance.getEntriesByType("resource").filter((e) => e.startTime >= w.clickAt && e.name.endsWith("/stored")).pop();
        return { ms, missed: false, readMs: read ? read.responseEnd - read.startTime : NaN };
      });
    },
  };
})();`;
