import { readFileSync } from "node:fs";
import path from "node:path";

/** The shared sample deliveries in ../shared/fixtures, exactly as PostHog and posthog-js sent them. */
const root = path.resolve(__dirname, "../../shared/fixtures");

export const fixtureText = (name: string) => readFileSync(path.join(root, name), "utf8");
export const fixture = <T = any>(name: string): T => JSON.parse(fixtureText(name));

export const WEBHOOK_SECRET = "test-webhook-secret";

export function webhookRequest(
  body: unknown,
  { headers = {}, url = "http://localhost/api/webhooks/posthog", raw }: { headers?: Record<string, string>; url?: string; raw?: string } = {},
): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-posthog-secret": WEBHOOK_SECRET, ...headers },
    body: raw ?? JSON.stringify(body),
  });
}
