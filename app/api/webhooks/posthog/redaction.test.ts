import { beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_SECRET_URL_PARAMS } from "@/lib/privacy/redact-url-secrets";
import { getStore } from "@/lib/store/store";
import { MemoryStore } from "@/lib/store/memory-store";
import { handleDelivery } from "@/lib/webhook/handle-delivery";
import { fixture, webhookRequest } from "@/test/fixtures";
import { GET as getSession } from "../../sessions/[sessionId]/route";
import { GET as listSessions } from "../../sessions/route";
import { POST } from "./route";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/auth", () => ({ auth }));

const SESSION = "019ab3c2-6f12-7c01-b3d5-77a1e9c0f2aa";
// Each secret is a string that appears nowhere else, so finding it anywhere in what is stored or served is a leak.
const SECRETS = {
  password: "pw-7f3a9c41e2",
  token: "tok-5b8d2e7a10",
  accessToken: "at-c4e19f7b33",
  apiKey: "key-9a0b7c6d55",
  code: "code-e2f4a6c8d0",
} as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fixture, reshaped by hand
type Body = any;

function withProperties(body: Body, properties: Record<string, unknown>, elementsChain?: string): Body {
  return {
    ...body,
    event: {
      ...body.event,
      properties: { ...body.event.properties, ...properties },
      ...(elementsChain === undefined ? {} : { elements_chain: elementsChain }),
    },
  };
}

/** What PostHog delivers when the login form submitted before hydration and the user then clicked around. */
function leakyDeliveries(): unknown[] {
  const pageview = fixture("posthog/webhook-default-pageview.json");
  const click = fixture("posthog/webhook-default-click.json");
  const flat = fixture("posthog/webhook-autoplay-hog-click.json");
  const batch = fixture("posthog/webhook-batch.json");
  const loginUrl = `http://127.0.0.1:3000/login?email=ada%40example.com&Password=${SECRETS.password}`;
  return [
    withProperties(pageview, { $current_url: loginUrl, $pathname: "/login" }),
    withProperties(
      { ...click, event: { ...click.event, uuid: "019ab3c2-8a02-7e11-a5b7-3c4d5e6f7999" } },
      { $current_url: `https://app.example.com/callback#access_token=${SECRETS.accessToken}&expires_in=3600`, $el_text: "Reset password" },
      `a.link:attr__class="link"attr__href="/reset?token=${SECRETS.token}"href="/reset?token=${SECRETS.token}"nth-child="1"nth-of-type="1"text="Reset password";main:nth-child="2"nth-of-type="1"`,
    ),
    { ...flat, current_url: `https://app.example.com/settings?API_KEY=${SECRETS.apiKey}` },
    {
      ...batch,
      batch: batch.batch.map((event: { properties: Record<string, unknown> }) => ({
        ...event,
        properties: { ...event.properties, $current_url: `https://app.example.com/oauth/done?code=${SECRETS.code}&state=xyz` },
      })),
    },
  ];
}

const expectNoSecret = (what: string, value: unknown) => {
  const text = JSON.stringify(value);
  for (const secret of Object.values(SECRETS)) expect(text, `${what} holds ${secret}`).not.toContain(secret);
};

beforeEach(() => {
  delete (globalThis as { __activityStore?: unknown }).__activityStore;
  auth.mockResolvedValue({ user: { id: "user_1", email: "demo@example.com" } });
});

describe("no credential reaches the store", () => {
  it("redacts secret parameters from page URLs and links in every body shape, keeping their names", async () => {
    for (const body of leakyDeliveries()) {
      const response = await POST(webhookRequest(body));
      expect(response.status).toBe(200);
    }

    const store = getStore();
    const { sessions } = await store.listSessions({ limit: 10 });
    expect(sessions.map((session) => session.session_id).sort()).toEqual([SESSION, "019ab3c5-0000-7000-8000-00000000cafe"]);
    expectNoSecret("the session list", sessions);
    for (const { session_id } of sessions) {
      const stored = await store.getSession(session_id);
      expectNoSecret(`stored session ${session_id}`, stored);
      // As agents and the dashboard are served it.
      const served = await getSession(new Request(`http://localhost/api/sessions/${session_id}`), {
        params: Promise.resolve({ sessionId: session_id }),
      });
      expect(served.status).toBe(200);
      expectNoSecret(`served session ${session_id}`, await served.json());
    }
    expectNoSecret("the listed sessions", await (await listSessions(new Request("http://localhost/api/sessions"))).json());

    const { actions } = (await store.getSession(SESSION))!;
    expect(actions.map((action) => action.raw_url).sort()).toEqual([
      "http://127.0.0.1:3000/login?email=ada%40example.com&Password=[REDACTED]",
      "https://app.example.com/callback#access_token=[REDACTED]&expires_in=3600",
      "https://app.example.com/settings?API_KEY=[REDACTED]",
    ]);
    expect(actions.map((action) => action.description)).toContain("User clicked Reset password link to /reset?token=[REDACTED]");
  });

  it("redacts a secret that a link's text or the page's title quotes", async () => {
    const click = fixture("posthog/webhook-default-click.json");
    const body = withProperties(
      click,
      { $el_text: `https://app.example.com/reset?token=${SECRETS.token}`, title: `Reset ?password=${SECRETS.password} · Acme` },
      `a:href="/reset"text="https://app.example.com/reset?token=${SECRETS.token}"nth-child="1"nth-of-type="1"`,
    );
    const pageview = withProperties(fixture("posthog/webhook-default-pageview.json"), {
      title: `Welcome back ?password=${SECRETS.password} · Acme`,
    });
    for (const delivery of [body, pageview]) expect((await POST(webhookRequest(delivery))).status).toBe(200);
    const stored = await getStore().getSession(SESSION);
    expect(stored?.actions).toHaveLength(2);
    expectNoSecret("the stored actions", stored);
  });

  it("redacts the parameters configured instead of the default list", async () => {
    const store = new MemoryStore({ maxSessions: 10, maxActionsPerSession: 10 });
    const body = withProperties(fixture("posthog/webhook-default-pageview.json"), {
      $current_url: "https://app.example.com/join?invite=inv-1f2e3d&password=kept-by-this-config",
    });
    const response = await handleDelivery(webhookRequest(body), {
      store,
      secrets: ["test-webhook-secret"],
      maxBodyBytes: 1024 * 1024,
      productId: "acme-web",
      secretUrlParams: ["invite"],
    });
    expect(response.status).toBe(200);
    const { actions } = (await store.getSession(SESSION))!;
    expect(actions[0]!.raw_url).toBe("https://app.example.com/join?invite=[REDACTED]&password=kept-by-this-config");
  });

  it("keeps a secret quoted by a refusal out of the answer and the delivery log", async () => {
    const broken = `{"event": {"properties": {"$current_url": "/login?password=${SECRETS.password}"}} oops`;
    const response = await POST(webhookRequest(null, { raw: broken }));
    expect(response.status).toBe(400);
    expectNoSecret("the 400 answer", await response.json());
    expectNoSecret("the delivery log", await getStore().recentDeliveries());
  });

  it("serves untouched URLs that carry no secret", async () => {
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    const { actions } = (await getStore().getSession(SESSION))!;
    expect(actions[0]!.raw_url).toBe("https://app.example.com/projects/4821?tab=settings");
  });
});

it("the default list is the documented one", () => {
  expect(DEFAULT_SECRET_URL_PARAMS).toEqual(expect.arrayContaining(["password", "token", "secret", "code", "key", "auth"]));
});
