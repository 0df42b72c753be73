import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./app-server";

/**
 * Webhook bodies for load: the shared fixtures, exactly as PostHog and Autoplay's Hog source send them, with
 * a unique event uuid (or, for shapes without one, a unique timestamp) in each, so that no delivery is a
 * duplicate of another and every one does the full work. Bodies are rendered from pre-split templates: the
 * load generator shares the 2 cores with the server, so it must spend next to nothing per request.
 */

export const FIXTURES = process.env.BENCH_FIXTURES ?? path.resolve(ROOT, "test/fixtures/posthog");

const fixture = (name: string): any => JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8"));

type Vars = { uuid: string; session: string; ts: string; n: string };
const KEYS = ["uuid", "session", "ts", "n"] as const;
const MARK = (key: string) => `@@${key}@@`;

/** JSON text with `@@uuid@@`-style marks, split once so that rendering is a few string concatenations. */
function compile(value: unknown): (vars: Vars) => string {
  const text = JSON.stringify(value);
  const pattern = new RegExp(KEYS.map(MARK).join("|"), "g");
  const parts: string[] = [];
  const slots: (keyof Vars)[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(text.slice(last, match.index));
    slots.push(match[0].slice(2, -2) as keyof Vars);
    last = match.index! + match[0].length;
  }
  parts.push(text.slice(last));
  return (vars) => {
    let out = parts[0]!;
    for (let i = 0; i < slots.length; i++) out += vars[slots[i]!] + parts[i + 1]!;
    return out;
  };
}

function defaultBody(name: string, withSession = true) {
  const body = fixture(name);
  body.event.uuid = MARK("uuid");
  body.event.timestamp = MARK("ts");
  if (withSession) {
    body.event.properties.$session_id = MARK("session");
    body.event.properties.$window_id = MARK("session");
  }
  if (typeof body.event.properties.$current_url === "string") {
    // Vary the id in the URL as real traffic does (canonical_url collapses it, raw_url keeps it).
    body.event.properties.$current_url = body.event.properties.$current_url.replace(/\/4821/, `/${MARK("n")}`);
    body.event.properties.$pathname = body.event.properties.$pathname?.replace(/\/4821/, `/${MARK("n")}`);
  }
  return compile(body);
}

function flatBody() {
  const body = fixture("webhook-autoplay-hog-click.json");
  // The flat shape has no uuid: its idempotency key is a hash of the body, so the timestamp makes it unique.
  body.timestamp = MARK("ts");
  body.session_id = MARK("session");
  body.current_url = `https://app.example.com/projects/${MARK("n")}/edit`;
  return compile(body);
}

/** The fixture's batch items (no uuid, as PostHog's batch body has none), made unique by their timestamp. */
function batchItems() {
  return fixture("webhook-batch.json").batch.map((item: any) => {
    item.timestamp = MARK("ts");
    item.properties.$session_id = MARK("session");
    item.properties.$current_url = `https://app.example.com/pricing/${MARK("n")}`;
    return compile(item);
  });
}

export type Kind = "pageview" | "click" | "identify" | "flat" | "batch" | "no_session";

/** Out of 20 deliveries: mostly pageviews and clicks, as posthog-js sends them, plus every other shape. */
export const MIX: readonly Kind[] = [
  ...Array<Kind>(6).fill("pageview"),
  ...Array<Kind>(6).fill("click"),
  ...Array<Kind>(3).fill("flat"),
  "identify",
  "batch",
  "batch",
  "no_session",
  "no_session",
];

export class Deliveries {
  private readonly run = randomBytes(4).toString("hex");
  private counter = 0;
  private mixAt = 0;
  private readonly render: Record<Exclude<Kind, "batch">, (vars: Vars) => string>;
  private readonly items: ((vars: Vars) => string)[];

  /**
   * `sessions`: how many sessions the events are spread over. `base` (ms): the first event's time, an hour ago
   * by default; events move forward 1 ms each, so sessions receive their events in order, as in real life.
   */
  constructor(
    private readonly sessions = 2_000,
    private readonly base = Date.now() - 3_600_000,
  ) {
    this.render = {
      pageview: defaultBody("webhook-default-pageview.json"),
      click: defaultBody("webhook-default-click.json"),
      identify: defaultBody("webhook-default-identify.json"),
      no_session: defaultBody("webhook-no-session.json", false),
      flat: flatBody(),
    };
    this.items = batchItems();
  }

  private vars(session?: number): Vars {
    const n = ++this.counter;
    const s = session ?? n % this.sessions;
    return {
      uuid: `bench-${this.run}-${n.toString(36)}`,
      session: `bench-${this.run}-session-${s}`,
      ts: new Date(this.base + n).toISOString(),
      n: String(1000 + (n % 97)),
    };
  }

  sessionId(index: number): string {
    return `bench-${this.run}-session-${index}`;
  }

  /** One body of the given kind; `session` pins the session (its id is `sessionId(session)`). */
  body(kind: Kind, session?: number): string {
    if (kind === "batch") return this.batch(2);
    return this.render[kind](this.vars(session));
  }

  /** The next body of the realistic mix. */
  next(): string {
    const kind = MIX[this.mixAt++ % MIX.length]!;
    return this.body(kind);
  }

  /** `{"batch": [...]}` with `size` events, pageviews and clicks alternating, all in one session. */
  batch(size: number): string {
    const session = this.counter % this.sessions;
    let out = '{"batch":[';
    for (let i = 0; i < size; i++) out += (i === 0 ? "" : ",") + this.items[i % this.items.length]!(this.vars(session));
    return out + "]}";
  }

  /** Unix seconds of the last rendered event, as the store and the agent stream carry it. */
  lastTimestamp(): number {
    return (this.base + this.counter) / 1000;
  }
}
