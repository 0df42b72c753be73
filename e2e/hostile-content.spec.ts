import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { signIn, WEBHOOK_SECRET } from "./support";

/**
 * Everything on the dashboard came from someone's browser: titles, texts, URLs, ids, emails. These deliveries
 * carry what an attacker (or a strange page) would put there, and the dashboard must show it as inert text,
 * keep its layout, and keep working.
 */

const RUN = Date.now().toString(36);
const shots = path.resolve(__dirname, "../test-results/screenshots");

// Each payload, if it ever ran, would leave a mark: window.__pwned, or a dialog.
const SCRIPT = `<script>window.__pwned='script'</script>`;
const IMG = `<img src=x onerror="window.__pwned='img'">`;
const SVG = `<svg onload=alert('svg')>`;
const JS_URL = `javascript:window.__pwned='href';alert('href')//`;
const DATA_URL = `data:text/html,<script>alert('data')</script>`;
const RLO = "\u202E";
const ZW = "\u200B\u200C\u200D\u2060\uFEFF";
const HUGE = (seed: string) => seed.repeat(Math.ceil(100_000 / seed.length)).slice(0, 100_000);

/** The id the store keeps: the normaliser trims a session id and keeps its first 200 characters. */
const stored = (id: string) => id.trim().slice(0, 200);

const XSS_SESSION = `e2e-xss-${RUN}`;
const LONG_SESSION = stored(`e2e-long-${RUN}-${"L".repeat(400)}`);
const WEIRD_SESSION = `e2e "quoted" 'single' / ../../etc\\passwd ünïcødé 🙂 ${RLO}<b>${RUN}</b>${ZW}?x=1&y=%2F#frag`;
const PLAIN_SESSION = `e2e-plain-${RUN}`;
// How the dashboard shows a value with bidi controls and zero-width characters: each as its code point.
const WEIRD_SHOWN = WEIRD_SESSION.replace(RLO, "⟨U+202E⟩").replace(ZW, "⟨U+200B⟩\u200C\u200D⟨U+2060⟩⟨U+FEFF⟩");

const HUGE_EMAIL = `${"a".repeat(20_000)}@example.com`;
const HTML_EMAIL = `<img/src=x/onerror=alert('email')>@evil.example`;
const BIDI_EMAIL = `${RLO}moc.elpmaxe@exe.txt`; // displays as "txt.exe@example.com" if the override acts

const at = (offsetSeconds: number) => new Date(Date.now() - 60_000 + offsetSeconds * 1000).toISOString();

type EventSpec = {
  event: string;
  session: string | null;
  properties?: Record<string, unknown>;
  elements_chain?: string;
  distinct_id?: string;
  offset: number;
  person?: Record<string, unknown>;
};

const XSS_PRODUCT = `<img src=x onerror=alert('product')>`;

async function deliver(request: APIRequestContext, spec: EventSpec) {
  const response = await request.post("/api/webhooks/posthog", {
    headers: { "X-PostHog-Secret": WEBHOOK_SECRET },
    data: {
      event: {
        uuid: randomUUID(),
        event: spec.event,
        distinct_id: spec.distinct_id ?? `device-${RUN}`,
        properties: { ...(spec.session === null ? {} : { $session_id: spec.session }), ...spec.properties },
        elements_chain: spec.elements_chain ?? "",
        timestamp: at(spec.offset),
      },
      person: { id: randomUUID(), properties: spec.person ?? (spec.session === XSS_SESSION ? { product_id: XSS_PRODUCT } : {}) },
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

const chainQuote = (value: string) => value.replace(/"/g, '\\"');

async function deliverHostileSessions(request: APIRequestContext) {
  // A session whose every visible text is markup, and whose URLs are javascript: and data:.
  await deliver(request, {
    event: "$pageview",
    session: XSS_SESSION,
    offset: 0,
    properties: { $current_url: JS_URL, title: SCRIPT, $is_identified: true, email: HTML_EMAIL },
    distinct_id: `<script>alert('user')</script>-${RUN}`,
  });
  await deliver(request, {
    event: "$pageview",
    session: XSS_SESSION,
    offset: 1,
    properties: { $current_url: DATA_URL, title: IMG },
  });
  await deliver(request, {
    event: "$autocapture",
    session: XSS_SESSION,
    offset: 2,
    properties: { $event_type: "click", $current_url: `https://app.example.com/x?q=${encodeURIComponent(SVG)}`, $el_text: SCRIPT },
    elements_chain: `a.evil:attr__href="${chainQuote(JS_URL)}"href="${chainQuote(JS_URL)}"nth-child="1"nth-of-type="1"text="${chainQuote(IMG)}";body:nth-child="1"nth-of-type="1"`,
  });
  await deliver(request, {
    event: "$autocapture",
    session: XSS_SESSION,
    offset: 3,
    properties: { $event_type: "click", $current_url: "  JaVaScRiPt:alert('spaced')" },
    elements_chain: `button:nth-child="1"nth-of-type="1"text="${chainQuote(SVG)}"`,
  });
  await deliver(request, {
    event: "$autocapture",
    session: XSS_SESSION,
    offset: 3.5,
    properties: { $event_type: "click", $current_url: "https://app.example.com/", $el_text: `${RLO}evil${ZW}click` },
  });
  await deliver(request, {
    event: "$autocapture",
    session: XSS_SESSION,
    offset: 4,
    properties: { $event_type: "click", $current_url: "//evil.example/protocol-relative" },
    elements_chain: `a:href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="nth-child="1"nth-of-type="1"text="Data link"`,
  });
  // Events that make no action still show on the dashboard, in the skipped panel.
  await deliver(request, { event: `${IMG} custom ${RUN}`, session: XSS_SESSION, offset: 5 });
  await deliver(request, { event: `<script>alert('nosession')</script>${RUN}`, session: null, offset: 5, distinct_id: `${IMG}${RLO}` });

  // A session made of 100 KB strings and ids as long as the receiver keeps.
  await deliver(request, {
    event: "$pageview",
    session: LONG_SESSION,
    offset: 0,
    properties: { $current_url: `https://app.example.com/${HUGE("a")}`, title: HUGE("T"), email: HUGE_EMAIL, $is_identified: true },
    distinct_id: `u${"U".repeat(399)}`,
    person: { product_id: "P".repeat(500) },
  });
  await deliver(request, {
    event: "$autocapture",
    session: LONG_SESSION,
    offset: 1,
    properties: { $event_type: "click", $current_url: `https://app.example.com/?q=${HUGE("q")}`, $el_text: HUGE("W") },
    elements_chain: `a:href="https://app.example.com/${HUGE("h").slice(0, 4000)}"nth-child="1"nth-of-type="1"text="${HUGE("x").slice(0, 4000)}"`,
  });
  await deliver(request, {
    event: "$autocapture",
    session: LONG_SESSION,
    offset: 2,
    properties: { $event_type: "click", $current_url: "https://app.example.com/", $el_text: HUGE("word ") },
  });

  // A session whose id has quotes, slashes, ../, unicode, a bidi override, zero-width characters and markup.
  await deliver(request, {
    event: "$pageview",
    session: WEIRD_SESSION,
    offset: 0,
    properties: { $current_url: "https://app.example.com/projects/7", title: "Weird project · Acme", $is_identified: true, email: BIDI_EMAIL },
    distinct_id: `${RLO}resu-driew-${RUN}`,
  });
  await deliver(request, {
    event: "$autocapture",
    session: WEIRD_SESSION,
    offset: 1,
    properties: { $event_type: "click", $current_url: "https://app.example.com/projects/7", $el_text: "Weird button" },
  });

  // An ordinary session: the yardstick for the layout.
  await deliver(request, {
    event: "$pageview",
    session: PLAIN_SESSION,
    offset: 0,
    properties: { $current_url: "https://app.example.com/projects/1", title: "Projects · Acme" },
  });
  await deliver(request, {
    event: "$autocapture",
    session: PLAIN_SESSION,
    offset: 1,
    properties: { $event_type: "click", $current_url: "https://app.example.com/projects/1", $el_text: "Export CSV" },
  });
}

/** Fails the test on any dialog: every alert() payload would open one. */
function trapDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return dialogs;
}

/** What a user would notice if markup from an event had become live: script effects, links, handlers. */
async function inertnessProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const pwned = (window as unknown as { __pwned?: unknown }).__pwned;
    if (pwned !== undefined) problems.push(`a payload ran: window.__pwned = ${String(pwned)}`);
    const scheme = /^[a-z][a-z0-9+.-]*:/i;
    for (const link of document.querySelectorAll("a[href]")) {
      // Browsers ignore leading and trailing C0 controls and spaces in a URL, so "  javascript:" runs too.
      const raw = link.getAttribute("href")!.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
      const url = new URL(raw, location.href);
      const absoluteHttp = /^https?:\/\//i.test(raw) && /^https?:$/.test(url.protocol);
      const sameOriginRelative = !scheme.test(raw) && !raw.startsWith("//") && url.origin === location.origin;
      if (!absoluteHttp && !sameOriginRelative) problems.push(`a link to ${raw.slice(0, 80)}`);
    }
    for (const element of document.querySelectorAll("[src], [action], [formaction], [srcdoc]")) {
      for (const name of ["src", "action", "formaction"]) {
        const value = element.getAttribute(name);
        if (value && /^\s*(javascript|data|vbscript):/i.test(value)) problems.push(`<${element.localName} ${name}="${value.slice(0, 80)}">`);
      }
      if (element.hasAttribute("srcdoc")) problems.push(`<${element.localName} srcdoc>`);
    }
    for (const element of document.body.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        if (attribute.name.startsWith("on")) problems.push(`<${element.localName} ${attribute.name}="${attribute.value.slice(0, 80)}">`);
      }
      if (["iframe", "object", "embed", "frame"].includes(element.localName)) problems.push(`an <${element.localName}> element`);
      if (element.localName === "img" && element.getAttribute("src") === "x") problems.push("an <img src=x> from a payload");
      if (element.localName === "svg" && element.hasAttribute("onload")) problems.push("an <svg onload> from a payload");
      // Next's own scripts carry the page's data as escaped JSON; a payload that became a script is bare code.
      if (element.localName === "script" && /^\s*(window\.__pwned|alert\()/.test(element.textContent ?? "")) problems.push("a <script> from a payload");
    }
    return problems;
  });
}

/**
 * A bidi override in one value must not reorder the text around it: every text node of plain left-to-right
 * characters must still read left to right on screen.
 */
async function reorderedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const reordered: string[] = [];
    const notPlainLtr = /[\u0590-\u08ff\u200e\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefe]/;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const rectOf = (node: Text, index: number) => {
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      return range.getBoundingClientRect();
    };
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const text = node.data.slice(0, 400);
      if (notPlainLtr.test(text)) continue;
      // Each letter or digit must sit to the right of the one before it, wherever they share a line.
      let previous: DOMRect | null = null;
      for (let i = 0; i < text.length; i++) {
        if (!/[A-Za-z0-9]/.test(text[i]!)) continue;
        const rect = rectOf(node, i);
        if (rect.width === 0) break; // not rendered
        if (previous && Math.abs(previous.top - rect.top) <= 2 && rect.left < previous.left) {
          reordered.push(`"${text.trim().slice(0, 60)}" in <${node.parentElement?.localName}>`);
          break;
        }
        previous = rect;
      }
    }
    return reordered;
  });
}

/** Visible text that still holds a bidi control or zero-width character, which could reorder or hide what it says. */
async function actingInvisibles(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (node.parentElement?.closest("script, style, template")) continue;
      if (/[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/.test(node.data)) {
        found.push(`${JSON.stringify(node.data.slice(0, 60))} in <${node.parentElement?.localName}>`);
      }
    }
    return found;
  });
}

type Layout = {
  scrollWidth: number;
  innerWidth: number;
  sidebar: number;
  detail: number;
  overflowing: string[];
  /** The tallest session, action or marker row: one long value must not swamp the list or the timeline. */
  tallest: number;
};

async function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const width = (selector: string) => document.querySelector(selector)?.getBoundingClientRect().width ?? -1;
    const overflowing: string[] = [];
    for (const selector of ['aside[aria-label="Sessions"]', 'section[aria-label="Selected session"]', "main"]) {
      const element = document.querySelector(selector);
      if (element && element.scrollWidth > element.clientWidth + 1) {
        overflowing.push(`${selector}: scrollWidth ${element.scrollWidth} > clientWidth ${element.clientWidth}`);
      }
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      sidebar: width('aside[aria-label="Sessions"]'),
      detail: width('section[aria-label="Selected session"]'),
      overflowing,
      tallest: Math.max(
        0,
        ...[...document.querySelectorAll('[data-testid="session-row"], [data-testid="action-row"], [data-testid="identified-marker"]')].map(
          (row) => row.getBoundingClientRect().height,
        ),
      ),
    };
  });
}

// Texts are capped at 80 characters, so an unbroken one wraps to a few lines: a bounded height, unlike the value itself.
const MAX_ROW_HEIGHT = 260;

function expectLayoutHolds(actual: Layout, yardstick: Layout, where: string) {
  expect.soft(actual.scrollWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(actual.innerWidth + 1);
  expect.soft(actual.overflowing, `${where}: a column's content spills out`).toEqual([]);
  expect.soft(Math.abs(actual.sidebar - yardstick.sidebar), `${where}: the session list changed width`).toBeLessThanOrEqual(1);
  expect.soft(Math.abs(actual.detail - yardstick.detail), `${where}: the detail column changed width`).toBeLessThanOrEqual(1);
  expect.soft(actual.tallest, `${where}: a row grew to fit a long value`).toBeLessThanOrEqual(MAX_ROW_HEIGHT);
}

async function openSession(page: Page, sessionId: string, shownAs = sessionId) {
  await page.goto(`/dashboard?session=${encodeURIComponent(sessionId)}`);
  await expect(page.locator('section[aria-label="Selected session"] code').first()).toHaveText(shownAs);
  await expect(page.getByTestId("action-row").first()).toBeVisible();
  await expect(page.getByTestId("connection-status")).toContainText(/live/i);
}

async function shoot(page: Page, name: string) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

test.use({ viewport: { width: 1280, height: 800 } });

test("hostile event content shows as inert text, keeps the layout, and a session with a strange id still works", async ({ page }) => {
  const dialogs = trapDialogs(page);
  await signIn(page);
  await deliverHostileSessions(page.request);

  await openSession(page, PLAIN_SESSION);
  const yardstick = await layout(page);
  expect(yardstick.sidebar).toBeGreaterThan(200);
  expect(yardstick.detail).toBeGreaterThan(400);
  expectLayoutHolds(yardstick, yardstick, "an ordinary session");

  // Markup everywhere: shown as the characters it is made of.
  await openSession(page, XSS_SESSION);
  const detail = page.locator('section[aria-label="Selected session"]');
  await expect(detail.getByTestId("action-row").filter({ hasText: `Page Load: ${SCRIPT}` })).toHaveCount(1);
  await expect(detail.getByTestId("action-row").filter({ hasText: `Page Load: ${IMG}` })).toHaveCount(1);
  await expect(detail.getByTestId("action-row").filter({ hasText: `${SCRIPT} link` })).toHaveCount(1);
  await expect(detail.getByTestId("action-row").filter({ hasText: `${SVG} button` })).toHaveCount(1);
  await expect(detail.getByTestId("session-email")).toHaveText(HTML_EMAIL);
  await expect(detail.getByTestId("session-user")).toHaveText(`<script>alert('user')</script>-${RUN}`);
  await expect(detail.getByText(XSS_PRODUCT, { exact: true })).toBeVisible();
  // The javascript: and data: URLs are shown, never linked.
  await expect(detail.getByText(/^javascript:window\.__pwned='href'/)).toBeVisible();
  await expect(detail.getByText(/^data:text\/html,<script>/)).toBeVisible();
  await expect(detail.locator("a", { hasText: "javascript:" })).toHaveCount(0);
  await expect(detail.locator("a", { hasText: "data:" })).toHaveCount(0);
  // Invisible and reordering characters are dropped from action texts.
  await expect(detail.getByTestId("action-row").filter({ hasText: "evilclick" })).toHaveCount(1);

  const skipped = page.getByTestId("skipped-panel");
  await skipped.locator("summary").click();
  await expect(skipped.getByText(`${IMG} custom ${RUN}`, { exact: true })).toBeVisible();
  await expect(skipped.getByText(`<script>alert('nosession')</script>${RUN}`, { exact: true })).toBeVisible();

  expect.soft(await inertnessProblems(page)).toEqual([]);
  expect.soft(await reorderedTexts(page)).toEqual([]);
  expect.soft(await actingInvisibles(page)).toEqual([]);
  expectLayoutHolds(await layout(page), yardstick, "markup");
  await shoot(page, "hostile-markup");

  // 100 KB strings and the longest ids and emails the receiver keeps.
  await openSession(page, LONG_SESSION);
  await expect(detail.getByTestId("session-email")).toHaveText(HUGE_EMAIL);
  await expect(detail.getByTestId("action-row")).toHaveCount(3);
  expect.soft(await inertnessProblems(page)).toEqual([]);
  expectLayoutHolds(await layout(page), yardstick, "100 KB strings");
  await shoot(page, "hostile-long");

  // The strange id: picked from the list, carried in the URL exactly, and its actions shown.
  await openSession(page, PLAIN_SESSION);
  // Found as one session among many is: searched for by its id, then picked from the list. The shared e2e
  // store holds more sessions than the list's first page, and other specs' are newer.
  await page.getByRole("searchbox", { name: /search sessions/i }).fill(WEIRD_SESSION);
  const row = page.locator(`[data-testid="session-row"][data-session-id=${JSON.stringify(WEIRD_SESSION)}]`);
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(row).toHaveAttribute("aria-current", "true");
  await expect.poll(() => new URL(page.url()).searchParams.get("session")).toBe(WEIRD_SESSION);
  await expect(detail.locator("code").first()).toHaveText(WEIRD_SHOWN);
  await expect(detail.getByTestId("action-row").filter({ hasText: "Weird button" })).toHaveCount(1);
  await expect(detail.getByTestId("action-row").filter({ hasText: "Page Load: Weird project" })).toHaveCount(1);
  expect.soft(await inertnessProblems(page)).toEqual([]);
  expect.soft(await reorderedTexts(page)).toEqual([]);
  expect.soft(await actingInvisibles(page)).toEqual([]);
  // The bidi override in the email is shown, not obeyed: the list and the header don't read "txt.exe@example.com".
  await expect(detail.getByTestId("session-email")).toHaveText("⟨U+202E⟩moc.elpmaxe@exe.txt");
  await expect(row).toContainText("⟨U+202E⟩moc.elpmaxe@exe.txt");
  await expect(detail.getByTestId("session-user")).toHaveText(`⟨U+202E⟩resu-driew-${RUN}`);
  expectLayoutHolds(await layout(page), yardstick, "a strange session id");
  await shoot(page, "hostile-weird-id");

  // The same URL, opened afresh (a shared link), renders the same session on the server.
  await page.reload();
  await expect(detail.locator("code").first()).toHaveText(WEIRD_SHOWN);
  await expect(detail.getByTestId("action-row")).toHaveCount(2);

  // And an agent reaches it by its id in the path.
  const payload = await page.request.get(`/api/sessions/${encodeURIComponent(WEIRD_SESSION)}`);
  expect(payload.status()).toBe(200);
  expect.soft(await payload.json()).toMatchObject({ session_id: WEIRD_SESSION, count: 2 });

  // A link to a session that isn't there names the id, without letting it reorder the sentence around it.
  await page.goto(`/dashboard?session=${encodeURIComponent(`${RLO}missing ${IMG}`)}`);
  await expect(page.getByRole("heading", { name: "Session not found" })).toBeVisible();
  await expect(page.getByText(`⟨U+202E⟩missing ${IMG}`, { exact: true })).toBeVisible();
  expect.soft(await actingInvisibles(page)).toEqual([]);
  expect.soft(await inertnessProblems(page)).toEqual([]);
  expect.soft(await reorderedTexts(page)).toEqual([]);
  expect((await layout(page)).scrollWidth).toBeLessThanOrEqual(1280 + 1);

  expect(dialogs).toEqual([]);
});

test("the Connect page's delivery log shows hostile refusal reasons as inert text", async ({ page }) => {
  const dialogs = trapDialogs(page);
  await signIn(page, "/dashboard/connect");

  // A 401 whose reason names a query parameter and a body field (both look like a misplaced secret).
  const paramName = `${IMG}secret${RLO}`;
  const fieldName = `${SCRIPT}${"token".repeat(4000)}`;
  const refused = await page.request.post(`/api/webhooks/posthog?${encodeURIComponent(paramName)}=1`, {
    headers: { "content-type": "application/json" },
    data: JSON.stringify({ [fieldName]: "x", event: "$pageview" }),
  });
  expect(refused.status()).toBe(401);
  // A 400 whose reason quotes the start of the body.
  const invalid = await page.request.post("/api/webhooks/posthog", {
    headers: { "X-PostHog-Secret": WEBHOOK_SECRET, "content-type": "text/plain" },
    data: `<svg onload=alert(1)>${RLO}`,
  });
  expect(invalid.status()).toBe(400);

  const unauthorized = page.locator('[data-testid="delivery-row"][data-status="401"]').filter({ hasText: `${IMG}secret` }).first();
  await expect(unauthorized).toContainText(`query parameter "${IMG}secret⟨U+202E⟩"`);
  await expect(unauthorized).toContainText(`body field "${SCRIPT}token`);
  const badRequest = page.locator('[data-testid="delivery-row"][data-status="400"]').filter({ hasText: "<svg onl" }).first();
  await expect(badRequest).toContainText("not valid JSON");

  expect.soft(await inertnessProblems(page)).toEqual([]);
  expect.soft(await reorderedTexts(page)).toEqual([]);
  expect.soft(await actingInvisibles(page)).toEqual([]);
  await unauthorized.scrollIntoViewIfNeeded();
  const { scrollWidth, innerWidth } = await layout(page);
  expect(scrollWidth, "the Connect page scrolls sideways").toBeLessThanOrEqual(innerWidth + 1);
  // The 20 KB field name is quoted, but doesn't turn the log into a wall of text.
  expect((await unauthorized.boundingBox())!.height).toBeLessThanOrEqual(MAX_ROW_HEIGHT);
  await shoot(page, "hostile-connect");
  expect(dialogs).toEqual([]);
});
