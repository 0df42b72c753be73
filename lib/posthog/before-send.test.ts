import type { CaptureResult } from "posthog-js";
import { describe, expect, it } from "vitest";
import { DEFAULT_SECRET_URL_PARAMS } from "../privacy/redact-url-secrets";
import { createBeforeSend } from "./before-send";

const beforeSend = createBeforeSend(DEFAULT_SECRET_URL_PARAMS);
const at = (url: string, event = "$autocapture", extra: Partial<CaptureResult> = {}): CaptureResult => ({
  uuid: "0198",
  event,
  properties: { $current_url: url, $session_id: "s1", $pathname: new URL(url).pathname },
  ...extra,
});

describe("posthog-js before_send", () => {
  it("drops every event captured on an operator page", () => {
    for (const url of ["http://localhost:3000/dashboard", "http://localhost:3000/dashboard/connect?x=1", "http://localhost:3000/"]) {
      for (const event of ["$pageview", "$autocapture", "$pageleave", "$identify", "$rageclick"]) {
        expect(beforeSend(at(url, event)), `${event} at ${url}`).toBeNull();
      }
    }
  });

  it("keeps events from product pages, and events that carry no page", () => {
    expect(beforeSend(at("http://localhost:3000/projects/42", "$pageview"))?.event).toBe("$pageview");
    const noPage: CaptureResult = { uuid: "1", event: "$set", properties: { $session_id: "s1" } };
    expect(beforeSend(noPage)).toEqual(noPage);
    expect(beforeSend(null as unknown as CaptureResult)).toBeNull();
  });

  it("redacts secret parameters wherever posthog-js puts a URL, and leaves other values and types alone", () => {
    const timestamp = new Date("2026-12-02T10:00:00Z");
    const event = at("http://localhost:3000/login?email=a%40b.c&password=hunter2hunter2", "$autocapture", {
      $set_once: { $initial_current_url: "http://localhost:3000/login?password=hunter2hunter2" },
      timestamp,
    });
    event.properties.$referrer = "http://localhost:3000/reset?token=t0k3n";
    event.properties.$elements = [{ tag_name: "a", attr__href: "/reset?token=t0k3n", nth_child: 1 }];
    event.properties.$elements_chain = 'a:attr__href="/reset?token=t0k3n"nth-child="1"';
    event.properties.$viewport_width = 1280;

    const sent = beforeSend(event)!;
    expect(JSON.stringify(sent)).not.toMatch(/hunter2|t0k3n/);
    expect(sent.properties.$current_url).toBe("http://localhost:3000/login?email=a%40b.c&password=[REDACTED]");
    expect(sent.properties.$elements).toEqual([{ tag_name: "a", attr__href: "/reset?token=[REDACTED]", nth_child: 1 }]);
    expect(sent.properties.$viewport_width).toBe(1280);
    expect(sent.timestamp).toBe(timestamp);
  });
});
