import { describe, expect, it } from "vitest";
import { fixtureText } from "@/test/fixtures";
import { elementsChainFromElements, elementsChainFromProperties } from "./elements-from-capture";

const autocapture = fixtureText("posthog-js/capture-1.449.2.jsonl")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { event: string; properties: Record<string, unknown> })
  .find((event) => event.event === "$autocapture")!;

describe("elementsChainFromElements", () => {
  it("builds exactly the chain posthog-js 1.449.2 sent beside the same $elements", () => {
    expect(autocapture.properties.$elements_chain).toBe(
      'button:nth-child="2"nth-of-type="1"text="identify";div:nth-child="2"nth-of-type="2";body:nth-child="2"nth-of-type="1"',
    );
    expect(elementsChainFromElements(autocapture.properties.$elements)).toBe(autocapture.properties.$elements_chain);
  });

  it("sorts classes and attributes, repeats the id as attr_id like PostHog, and escapes quotes", () => {
    const chain = elementsChainFromElements([
      {
        tag_name: "a",
        $el_text: 'Say "hi"',
        attr__class: "zeta  alpha",
        attr__id: "greet",
        attr__href: "/hello?x=1",
        "attr__data-testid": "greet-link",
        nth_child: 3,
        nth_of_type: 1,
      },
      { tag_name: "nav", attr__class: ["main-nav"], nth_child: 1, nth_of_type: 1 },
    ]);
    expect(chain).toBe(
      'a.alpha.zeta:attr__class="zeta  alpha"attr__data-testid="greet-link"attr__href="/hello?x=1"attr__id="greet"' +
        'attr_id="greet"href="/hello?x=1"nth-child="3"nth-of-type="1"text="Say \\"hi\\""' +
        ';nav.main-nav:attr__class="main-nav"nth-child="1"nth-of-type="1"',
    );
  });

  it("defaults missing positions to 0 and gives an empty chain for anything but an array", () => {
    expect(elementsChainFromElements([{ tag_name: "span" }])).toBe('span:nth-child="0"nth-of-type="0"');
    expect(elementsChainFromElements(undefined)).toBe("");
    expect(elementsChainFromElements("button")).toBe("");
  });
});

describe("elementsChainFromProperties", () => {
  it("prefers posthog-js' ready $elements_chain", () => {
    expect(elementsChainFromProperties({ $elements_chain: "ready:", $elements: [{ tag_name: "div" }] })).toBe("ready:");
  });

  it("falls back to $elements when no chain was sent (older posthog-js)", () => {
    expect(elementsChainFromProperties({ $elements: [{ tag_name: "div", nth_child: 1, nth_of_type: 1 }] })).toBe(
      'div:nth-child="1"nth-of-type="1"',
    );
    expect(elementsChainFromProperties({})).toBe("");
  });
});
