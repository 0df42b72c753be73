import { chromium, type Browser, type Page } from "@playwright/test";
import { BROWSER_USER_AGENT, CHROMIUM_LAUNCH_OPTIONS } from "../test/support/chromium";
import { BENCH_ENV, ensureBuild, startApp, type Server } from "./support/app-server";
import { connectSse } from "./support/sse-client";
import { fmt, type Bench, type Row } from "./support/table";

/**
 * From a person's click to the agent: a real Chromium, signed in, browses the app's pages through the real
 * posthog-js and the local stand-in (posthog-js → /standin → webhook → store → SSE), while an agent follows the
 * browser's session on `GET /api/stream` (bearer token) and an operator has `/dashboard` open in a browser of
 * its own. Each action is timed from the click in the page (a capture-phase listener's `Date.now()`; the
 * browser and this process read the same clock) to (a) its frame on the agent stream and (b) its row appearing
 * in the dashboard's DOM. The person clicks Export CSV on /projects/42, goes to Projects and back to the
 * project through the app's links (client-side navigations), one action every 0.7–1.6 s, as a person does.
 * The cost beside it: the capture requests posthog-js sends per minute of that browsing.
 */

const CYCLES = 20;
const SETTLE_MS = 10_000;
const TARGET_P95_MS = 1_000;
// Capture endpoints posthog-js posts events to (flags, config and recordings are not events).
const CAPTURE_PATH = /^\/standin\/(e|i\/v0\/e|batch|capture|track|engage)\/?$/;

type Kind = "click" | "navigation";
/** What the action's frame looks like: `key` names the kind of frame, so that the k-th of a kind is the k-th action of it. */
type Expected = { key: string; type: string; path: RegExp; title?: RegExp };
type Planned = { kind: Kind; expect: Expected; clickedAt: number; urlChangedAt?: number };
type Frame = { index: number; type: string; title: string; url: string; timestamp: number; at: number };

const EXPORT_CLICK: Expected = { key: "export", type: "click", path: /\/projects\/:id$/, title: /Export CSV/ };
const TO_PROJECTS: Expected = { key: "projects", type: "pageview", path: /\/projects$/ };
const TO_PROJECT: Expected = { key: "project", type: "pageview", path: /\/projects\/:id$/ };

/** A fixed pseudo-random sequence of pauses, so that every run browses at the same pace. */
function pauses(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return 700 + Math.floor((state / 2 ** 31) * 900);
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signIn(page: Page, server: Server, target: string): Promise<void> {
  await page.goto(`${server.url}/login?callbackUrl=${encodeURIComponent(target)}`);
  await page.getByLabel("Email").fill(BENCH_ENV.DEMO_USER_EMAIL);
  await page.getByLabel("Password").fill(BENCH_ENV.DEMO_USER_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname + url.search === target, { timeout: 30_000 });
}

/** posthog-js's session id, from its own persistence (`$sesid` is [last activity, session id, start]). */
async function posthogSessionId(page: Page): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const id = await page.evaluate(() => {
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i)!;
        if (!key.startsWith("ph_") || !key.endsWith("_posthog")) continue;
        const sesid = JSON.parse(localStorage.getItem(key) ?? "{}").$sesid;
        if (Array.isArray(sesid) && typeof sesid[1] === "string") return sesid[1] as string;
      }
      return null;
    });
    if (id) return id;
    await sleep(100);
  }
  throw new Error("posthog-js never started a session in the benchmark's browser");
}

/** Clicks through Playwright (trusted input) and returns when the page saw the click, by its own clock. */
async function click(page: Page, selector: string): Promise<number> {
  await page.locator(selector).first().click({ noWaitAfter: true });
  return page.evaluate(() => (window as unknown as { __lastClickAt: number }).__lastClickAt);
}

/** A client-side navigation through one of the app's links, with when the page committed its new URL. */
async function navigate(page: Page, planned: Planned[], selector: string, pathname: string, expect: Expected): Promise<void> {
  const clickedAt = await click(page, selector);
  await page.waitForURL((url) => url.pathname === pathname);
  const urlChangedAt = await page.evaluate(() => (window as unknown as { __lastUrlChangeAt?: number }).__lastUrlChangeAt);
  planned.push({ kind: "navigation", expect, clickedAt, urlChangedAt });
}

type Stats = { p50: number; p95: number; max: number; n: number; missing: number };

function stats(values: (number | undefined)[]): Stats {
  const present = values.filter((value): value is number => value !== undefined).sort((a, b) => a - b);
  return { p50: percentile(present, 0.5), p95: percentile(present, 0.95), max: present.at(-1) ?? NaN, n: present.length, missing: values.length - present.length };
}

const describe = (s: Stats) =>
  `${fmt.ms(s.p50)} / ${fmt.ms(s.p95)} (max ${fmt.ms(s.max)}, n=${s.n}${s.missing > 0 ? `, ${s.missing} missing` : ""})`;

async function browse(browser: Browser, server: Server) {
  const person = await browser.newContext({ userAgent: BROWSER_USER_AGENT });
  await person.addInitScript(() => {
    const marks = window as unknown as { __lastClickAt: number; __lastUrlChangeAt: number };
    addEventListener("click", () => (marks.__lastClickAt = Date.now()), { capture: true });
    // When a client-side navigation commits its URL: where posthog-js captures the pageview.
    (window as unknown as { navigation?: EventTarget }).navigation?.addEventListener("currententrychange", () => (marks.__lastUrlChangeAt = Date.now()));
  });
  const app = await person.newPage();
  await signIn(app, server, "/projects/42");
  const sessionId = await posthogSessionId(app);

  // The operator: signed in in a browser context of their own, watching the person's session.
  const operator = await browser.newContext({ userAgent: BROWSER_USER_AGENT });
  await operator.addInitScript(() => {
    const seen = new Map<string, number>();
    (window as unknown as { __rowsSeen: Map<string, number> }).__rowsSeen = seen;
    new MutationObserver(() => {
      const now = Date.now();
      for (const row of document.querySelectorAll('[data-testid="action-row"]')) {
        const index = row.firstElementChild?.textContent ?? "";
        if (!seen.has(index)) seen.set(index, now);
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const dashboard = await operator.newPage();
  await signIn(dashboard, server, `/dashboard?session=${encodeURIComponent(sessionId)}`);
  await dashboard.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: 30_000 });
  // Watching live means being at the end of the timeline, which then follows each new action: past 50 actions
  // only the rows in view are rendered, and rows arriving below the view would never be drawn.
  await dashboard.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));

  const frames: Frame[] = [];
  const agent = await connectSse(
    `${server.url}/api/stream?session_id=${encodeURIComponent(sessionId)}`,
    { authorization: `Bearer ${BENCH_ENV.AUTOPLAY_STREAM_TOKEN}` },
    (payload) => {
      const at = Date.now();
      for (const action of payload.actions ?? [])
        frames.push({
          index: action.index,
          type: action.type,
          title: action.title,
          url: action.canonical_url,
          timestamp: Number(action.timestamp_start) * 1000,
          at,
        });
    },
  );

  const requests: number[] = [];
  app.on("request", (request) => {
    if (request.method() === "POST" && CAPTURE_PATH.test(new URL(request.url()).pathname)) requests.push(Date.now());
  });

  // Let what sign-in and the first page captured go out before the clock starts.
  await sleep(6_000);
  const planned: Planned[] = [];
  const pause = pauses(42);
  const startedAt = Date.now();
  try {
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const download = app.waitForEvent("download");
      planned.push({ kind: "click", expect: EXPORT_CLICK, clickedAt: await click(app, "#export-csv") });
      await download;
      await sleep(pause());
      await navigate(app, planned, 'nav[aria-label="Main"] a[href="/projects"]', "/projects", TO_PROJECTS);
      await sleep(pause());
      await navigate(app, planned, 'a[href="/projects/42"]', "/projects/42", TO_PROJECT);
      await app.locator("#export-csv").waitFor();
      await sleep(pause());
    }
    const browsingMs = Date.now() - startedAt;
    const matched = () => matchFrames(planned, frames, startedAt);
    const deadline = Date.now() + SETTLE_MS;
    while (matched().some((frame) => frame === undefined) && Date.now() < deadline) await sleep(100);
    await sleep(300); // the dashboard's render of the last frames

    const missing = matched().flatMap((frame, i) => (frame === undefined ? [planned[i]!] : []));
    if (missing.length > 0) {
      // Say what is missing and what did arrive, so that a lost event can be told from a late or odd one.
      process.stderr.write(`  no frame for ${missing.length} action(s): ${JSON.stringify(missing.map(({ kind, clickedAt }) => ({ kind, clickedAt })))}\n`);
      process.stderr.write(`  frames: ${JSON.stringify(frames.map(({ index, type, url, timestamp, at }) => [index, type, url.replace(/^https?:\/\/[^/]+/, ""), timestamp, at]))}\n`);
    }
    const rowsSeen = new Map<string, number>(await dashboard.evaluate(() => [...(window as unknown as { __rowsSeen: Map<string, number> }).__rowsSeen]));
    const results = matched().map((frame, i) => {
      const action = planned[i]!;
      const rowAt = frame ? rowsSeen.get(String(frame.index)) : undefined;
      // The request that carried it: the last one the page sent before the frame arrived (posthog-js may
      // compress asynchronously, so a request can leave after an event it does not carry was captured).
      const carrier = frame ? requests.findLast((at) => at <= frame.at) : undefined;
      return {
        kind: action.kind,
        toAgent: frame ? frame.at - action.clickedAt : undefined,
        toDashboard: rowAt === undefined ? undefined : rowAt - action.clickedAt,
        // A navigation's own time: Next fetches and renders the next page before the URL changes.
        transition: action.urlChangedAt !== undefined ? action.urlChangedAt - action.clickedAt : undefined,
        fromUrlChange: frame && action.urlChangedAt !== undefined ? frame.at - action.urlChangedAt : undefined,
        // The part that is the app's (stand-in → webhook → store → SSE).
        serverSide: frame && carrier !== undefined ? frame.at - carrier : undefined,
      };
    });
    const sentDuring = requests.filter((at) => at >= startedAt && at <= startedAt + browsingMs).length;
    return { results, requestsPerMinute: (sentDuring / browsingMs) * 60_000, actionsPerMinute: (planned.length / browsingMs) * 60_000 };
  } finally {
    agent.close();
    await person.close();
    await operator.close();
  }
}

/**
 * Each action's agent frame: the k-th frame of a kind (an Export CSV click, a pageview of Projects, of the
 * project) that arrived after browsing began is the k-th action of that kind, since one session's frames come
 * in order. Not matched by time: an event's timestamp is posthog-js's capture time shifted by the time its
 * request took to be read (PostHog's clock-skew correction, which the stand-in applies too).
 */
function matchFrames(planned: Planned[], frames: Frame[], startedAt: number): (Frame | undefined)[] {
  const taken = new Map<string, number>();
  return planned.map((action) => {
    const { key, type, path, title } = action.expect;
    const candidates = frames.filter(
      (frame) => frame.type === type && path.test(frame.url) && (!title || title.test(frame.title)) && frame.at >= startedAt,
    );
    const k = taken.get(key) ?? 0;
    taken.set(key, k + 1);
    return candidates[k];
  });
}

export const latency: Bench = {
  name: "latency",
  title: "a real browser's clicks and navigations → agent stream and dashboard",
  async run(context) {
    await ensureBuild(context);
    const server = await startApp();
    const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
    try {
      const { results, requestsPerMinute, actionsPerMinute } = await browse(browser, server);
      const rows: Row[] = [];
      for (const kind of ["click", "navigation"] as const) {
        const mine = results.filter((result) => result.kind === kind);
        const toAgent = stats(mine.map((result) => result.toAgent));
        const toDashboard = stats(mine.map((result) => result.toDashboard));
        const label = kind === "click" ? "click (Export CSV)" : "navigation (link)";
        rows.push({
          bench: "browser latency",
          measure: `${label} → agent frame, p50 / p95`,
          figure: describe(toAgent),
          target: `p95 ≤ ${TARGET_P95_MS / 1000} s`,
          ok: toAgent.missing === 0 && toAgent.p95 <= TARGET_P95_MS,
        });
        rows.push({ bench: "browser latency", measure: `${label} → dashboard row, p50 / p95`, figure: describe(toDashboard), ok: toDashboard.missing === 0 ? null : false });
      }
      const navigations = results.filter((result) => result.kind === "navigation");
      rows.push({
        bench: "browser latency",
        measure: "navigation: click → new URL (page transition)",
        figure: describe(stats(navigations.map((result) => result.transition))),
      });
      rows.push({
        bench: "browser latency",
        measure: "navigation: new URL → agent frame",
        figure: describe(stats(navigations.map((result) => result.fromUrlChange))),
      });
      rows.push({
        bench: "browser latency",
        measure: "last capture request → agent frame, p50 / p95",
        figure: describe(stats(results.map((result) => result.serverSide))),
        floor: "the app's share: stand-in, webhook, store, SSE",
      });
      rows.push({
        bench: "browser latency",
        measure: "capture requests / min of browsing (cost)",
        figure: `${requestsPerMinute.toFixed(1)} /min`,
        floor: `${actionsPerMinute.toFixed(1)} actions/min browsed: ${(requestsPerMinute / actionsPerMinute).toFixed(2)} requests per action`,
      });
      return rows;
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};
