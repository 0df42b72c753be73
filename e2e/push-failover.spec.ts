import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createClient } from "redis";
import { startPushReceiver } from "../test/support/push-receiver";
import { startAppServer } from "./harness/app-server";
import { fixture, STREAM_TOKEN, WEBHOOK_SECRET } from "./support";

const PUSH_SECRET = "e2e-push-secret-0123456789";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * A pageview in `sessionId` at `at`, as PostHog's default webhook body. Each gets its own second: two events of
 * one session in the same millisecond are ordered by event id, not by arrival, which this test is not about.
 */
function pageview(sessionId: string, at: Date) {
  const body = fixture("posthog/webhook-default-pageview.json");
  body.event.uuid = randomUUID();
  body.event.properties.$session_id = sessionId;
  body.event.timestamp = at.toISOString();
  return body;
}

test("an instance killed mid-forward loses nothing: another instance on the same Redis delivers everything", async () => {
  test.setTimeout(120_000);
  const prefix = `e2e-push-${randomUUID().slice(0, 8)}:`;
  // The receiver never answers the first POST: the instance sending it is stuck there when it is killed.
  const receiver = await startPushReceiver(PUSH_SECRET, ({ n }) => (n === 0 ? "stall" : 200));
  const env = {
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    AUTOPLAY_FORWARD_URLS: receiver.url,
    AUTOPLAY_FORWARD_SECRET: PUSH_SECRET,
    AUTOPLAY_FORWARD_LEASE_SECONDS: "2",
  };
  const a = await startAppServer(env);
  const b = await startAppServer(env);
  try {
    const [s1, s2] = [`e2e-push-${randomUUID()}`, `e2e-push-${randomUUID()}`];
    const at = (second: number) => new Date(Date.now() - 60_000 + second * 1000);
    for (const body of [pageview(s1, at(0)), pageview(s2, at(1)), pageview(s1, at(2))]) {
      const response = await fetch(`${a.url}/api/webhooks/posthog`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-posthog-secret": WEBHOOK_SECRET },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
    }
    await expect.poll(() => receiver.received.length).toBe(1);
    await a.stop(); // SIGKILL, mid-delivery

    // The other instance's cron route takes the target over once the dead one's lease has expired.
    await expect
      .poll(
        async () => {
          await fetch(`${b.url}/api/cron/forward`, { headers: { authorization: `Bearer ${STREAM_TOKEN}` } });
          return receiver.accepted().length;
        },
        { timeout: 30_000, intervals: [1_000] },
      )
      .toBe(3);
    const accepted = receiver.accepted();
    expect(accepted.map((r) => [r.body.session_id, r.body.actions[0].index])).toEqual([
      [s1, 0],
      [s2, 0],
      [s1, 1],
    ]);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    // The payload that was in flight came again under the same delivery id, so the receiver can drop a repeat.
    expect(accepted[0]!.deliveryId).toBe(receiver.received[0]!.deliveryId);

    const status = await (await fetch(`${b.url}/api/cron/forward`, { headers: { authorization: `Bearer ${STREAM_TOKEN}` } })).json();
    expect(status.targets).toEqual([expect.objectContaining({ url: receiver.url, backlog: 0, last_outcome: { status: 200 } })]);
  } finally {
    await a.stop();
    await b.stop();
    await receiver.close();
    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    const keys = await admin.keys(`*${prefix}*`);
    if (keys.length > 0) await admin.del(keys);
    admin.destroy();
  }
});
