import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { clickDelivery, pool, post } from "./harness/deliveries";
import { signIn, STREAM_TOKEN } from "./support";

/**
 * A dashboard open while a burst lands: the list and the open session render only the rows in view, and
 * apply the feed in batches, so this checks by scrolling through both that nothing was dropped on the way.
 */

const RUN = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const WATCHED = `busy-${RUN}-watched`;
const OTHERS = Array.from({ length: 23 }, (_, i) => `busy-${RUN}-other-${String(i).padStart(2, "0")}`);
const WATCHED_ACTIONS = 150;
const OTHER_ACTIONS = 6;

const label = (n: number) => `Step ${String(n).padStart(3, "0")}`;

/** Every row of a virtualized list, gathered by scrolling it from top to bottom. */
async function scrollThrough<T>(page: Page, step: () => Promise<{ rows: [string, T][]; done: boolean }>): Promise<Map<string, T>> {
  const seen = new Map<string, T>();
  for (let i = 0; i < 200; i++) {
    const { rows, done } = await step();
    for (const [key, value] of rows) seen.set(key, value);
    if (done) break;
  }
  return seen;
}

/** Scrolls `target` (the window when null) by most of a screen; reports the rows in the DOM before it. */
const stepScript = (selector: string, read: string, scroller: "window" | "list") => `(async () => {
  const rows = [...document.querySelectorAll(${JSON.stringify(selector)})].map((el) => ${read});
  const el = ${scroller === "window" ? "document.scrollingElement" : `document.querySelector('ul[aria-label="Sessions"]').parentElement`};
  const before = el.scrollTop;
  el.scrollTop = before + el.clientHeight * 0.6;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return { rows, done: el.scrollTop === before };
})()`;

test("a burst of deliveries: every action appears in order, and the list's counts are right right after it", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const base = Date.now() - 60_000;
  expect((await post(baseURL!, JSON.stringify(clickDelivery(WATCHED, new Date(base), label(0))))).status).toBe(200);

  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, `/dashboard?session=${WATCHED}`);
  await expect(page.getByTestId("connection-status")).toContainText(/live/i);
  const detail = page.locator('section[aria-label="Selected session"]');
  await expect(detail.getByTestId("action-row")).toHaveCount(1);

  // The burst: the watched session's actions interleaved with the other sessions', many in flight at once.
  const others = OTHERS.flatMap((id) => Array<string>(OTHER_ACTIONS).fill(id));
  const jobs: (() => Promise<number>)[] = [];
  let tick = 1;
  const deliver = (sessionId: string, text: string) => {
    const at = new Date(base + tick++ * 10);
    jobs.push(async () => (await post(baseURL!, JSON.stringify(clickDelivery(sessionId, at, text)))).status);
  };
  for (let n = 1; n < WATCHED_ACTIONS || others.length > 0; n++) {
    if (n < WATCHED_ACTIONS) deliver(WATCHED, label(n));
    const other = others.shift();
    if (other) deliver(other, "Other");
  }
  const statuses = await pool(jobs, 16);
  expect(statuses.every((status) => status === 200)).toBe(true);

  // The open session: all its actions, in time order, found by scrolling the page through its timeline from
  // its top (while the burst landed, the timeline followed it to its end).
  await expect(detail.getByText(`${WATCHED_ACTIONS} in time order`)).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  const actions = await scrollThrough(page, () =>
    page.evaluate(
      stepScript(
        '[data-testid="action-row"]',
        `[el.querySelector("span").textContent, el.textContent.includes("Step ") ? el.textContent.match(/Step \\d{3}/)[0] : ""]`,
        "window",
      ),
    ),
  );
  const ordered = [...actions.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([, title]) => title);
  expect(ordered).toEqual(Array.from({ length: WATCHED_ACTIONS }, (_, n) => label(n)));

  // The list: the true total, each session's action count, and the store's order.
  const listed = (await (
    await fetch(`${baseURL}/api/sessions?limit=200`, { headers: { authorization: `Bearer ${STREAM_TOKEN}` } })
  ).json()) as { sessions: { session_id: string; action_count: number }[]; total: number };
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.getByTestId("store-total")).toHaveText(listed.total.toLocaleString("en-US"));
  await expect(page.getByTestId("session-count")).toContainText(`of ${listed.total.toLocaleString("en-US")}`);
  const rows = await scrollThrough(page, () =>
    page.evaluate(
      stepScript(
        '[data-testid="session-row"]',
        `[el.dataset.sessionId, Number(el.querySelector('[title$=" actions"]').getAttribute("title").split(" ")[0])]`,
        "list",
      ),
    ),
  );
  const ours = (id: string) => id.startsWith(`busy-${RUN}-`);
  const expected = listed.sessions.filter((s) => ours(s.session_id));
  expect(expected).toHaveLength(OTHERS.length + 1);
  expect(Object.fromEntries([...rows].filter(([id]) => ours(id)))).toEqual(
    Object.fromEntries(expected.map((s) => [s.session_id, s.action_count])),
  );
  expect(expected.find((s) => s.session_id === WATCHED)?.action_count).toBe(WATCHED_ACTIONS);
  expect(expected.filter((s) => s.session_id !== WATCHED).every((s) => s.action_count === OTHER_ACTIONS)).toBe(true);

  // Back at the top, in the store's order.
  await page.evaluate(() => {
    document.querySelector('ul[aria-label="Sessions"]')!.parentElement!.scrollTop = 0;
  });
  const shownOrder = await page
    .getByTestId("session-row")
    .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.sessionId!));
  expect(shownOrder.filter(ours)).toEqual(expected.map((s) => s.session_id).slice(0, shownOrder.filter(ours).length));

  // Arrow keys still move the selection and the focus from row to row.
  const first = page.getByTestId("session-row").first();
  await first.click();
  await expect(first).toHaveAttribute("aria-current", "true");
  await first.focus();
  await page.keyboard.press("ArrowDown");
  const second = page.getByTestId("session-row").nth(1);
  await expect(second).toHaveAttribute("aria-current", "true");
  await expect(second).toBeFocused();

  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
});

test("the list holds still under the pointer: the row aimed at is the row clicked, and leaving shows the live order", async ({ page, baseURL }) => {
  const run = `still-${Date.now().toString(36)}`;
  const ids = Array.from({ length: 6 }, (_, i) => `${run}-${i}`);
  const now = Date.now();
  // Newest first: ids[0] on top. Timestamps ahead of every other spec's sessions keep these at the top.
  for (const [i, id] of ids.entries()) {
    expect((await post(baseURL!, JSON.stringify(clickDelivery(id, new Date(now + 60_000 - i * 1_000))))).status).toBe(200);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "/dashboard");
  await expect(page.getByTestId("connection-status")).toContainText(/live/i);
  const rows = page.getByTestId("session-row");
  const order = () => rows.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.sessionId!).filter((id) => id.startsWith("still-")));
  await expect.poll(order).toEqual(ids);

  // The pointer rests on the fourth row while that session and a new one get activity.
  const aimed = page.locator(`[data-session-id="${ids[3]}"]`);
  await aimed.hover();
  expect((await post(baseURL!, JSON.stringify(clickDelivery(ids[3]!, new Date(now + 70_000))))).status).toBe(200);
  expect((await post(baseURL!, JSON.stringify(clickDelivery(`${run}-new`, new Date(now + 71_000))))).status).toBe(200);
  // The row shows its new count in its old place; the new session waits above, counted.
  await expect(aimed.locator('[title="2 actions"]')).toBeVisible();
  await expect(page.getByTestId("list-order")).toHaveText("order held · 1 new");
  expect(await order()).toEqual(ids);

  await aimed.click();
  await expect(page.locator('section[aria-label="Selected session"] code').first()).toHaveText(ids[3]!);
  await expect(page.locator('section[aria-label="Selected session"]').getByTestId("action-row")).toHaveCount(2);
  await expect(page).toHaveURL(new RegExp(`\\?session=${ids[3]}$`));

  // Off the list, it shows the live order at once.
  await page.mouse.move(5, 5);
  await expect(page.getByTestId("list-order")).toHaveText("most recent first");
  await expect.poll(order).toEqual([`${run}-new`, ids[3], ids[0], ids[1], ids[2], ids[4], ids[5]]);

  // The URL the click wrote opens the same session on a reload.
  await page.reload();
  await expect(page.locator('section[aria-label="Selected session"] code').first()).toHaveText(ids[3]!);
});

test("a session past its action cap shows each action's place in the whole session, as its agent reads it", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const session = `capped-${Date.now().toString(36)}`;
  const total = 505; // the store keeps 500 (STORE_MAX_ACTIONS_PER_SESSION's default): the first 5 are evicted
  const base = Date.now() - 3_600_000;
  const jobs = Array.from({ length: total }, (_, n) => async () =>
    (await post(baseURL!, JSON.stringify(clickDelivery(session, new Date(base + n * 1_000), label(n))))).status);
  expect((await pool(jobs, 16)).every((status) => status === 200)).toBe(true);

  const agent = (await (
    await fetch(`${baseURL}/api/sessions/${session}`, { headers: { authorization: `Bearer ${STREAM_TOKEN}` } })
  ).json()) as { actions: { index: number; title: string }[] };
  expect(agent.actions[0]!.index).toBe(5);

  await signIn(page, `/dashboard?session=${session}`);
  const detail = page.locator('section[aria-label="Selected session"]');
  await expect(detail.getByText("500 in time order")).toBeVisible();
  const first = detail.getByTestId("action-row").first();
  await expect(first.locator("span").first()).toHaveText("5");
  await expect(first).toContainText(label(5));
  await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
  const last = detail.getByTestId("action-row").last();
  await expect(last.locator("span").first()).toHaveText("504");
  await expect(last).toContainText(label(504));
});
