import { fixtureText } from "@/test/fixtures";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ChainElement,
  ChainElementSchema,
  MAX_ELEMENTS,
  MAX_VALUE_CHARS,
  parseElementsChain,
  stringifyElementsChain,
} from "./elements-chain";

const fixture = fixtureText;
const element = (partial: Partial<ChainElement>): ChainElement => ({
  tag_name: "div",
  classes: [],
  text: null,
  href: null,
  attr_id: null,
  nth_child: null,
  nth_of_type: null,
  attributes: {},
  ...partial,
});

describe("parseElementsChain on real deliveries", () => {
  it("reads the default webhook's click chain, innermost first", () => {
    const chain = JSON.parse(fixture("posthog/webhook-default-click.json")).event.elements_chain;
    const elements = parseElementsChain(chain);
    expect(elements.map((e) => e.tag_name)).toEqual(["button", "div", "main", "body"]);
    expect(elements[0]).toEqual({
      tag_name: "button",
      classes: ["btn", "btn-primary"],
      text: "Export CSV",
      href: null,
      attr_id: null,
      nth_child: 2,
      nth_of_type: 1,
      attributes: { class: "btn btn-primary", "data-testid": "export-csv", id: "export-csv", type: "button" },
    });
    expect(elements[1]).toMatchObject({ classes: ["toolbar"], attributes: { class: "toolbar" }, nth_child: 1 });
    for (const parsed of elements) expect(ChainElementSchema.parse(parsed)).toEqual(parsed);
    // Our writer reproduces PostHog's bytes exactly.
    expect(stringifyElementsChain(elements)).toBe(chain);
  });

  it("reads Autoplay's Hog body chain (a form) and a batch's `$elements_chain`", () => {
    const hog = JSON.parse(fixture("posthog/webhook-autoplay-hog-click.json"));
    expect(parseElementsChain(hog.elements_chain)).toEqual([
      element({ tag_name: "form", nth_child: 1, nth_of_type: 1, attributes: { id: "save-project", name: "project" } }),
      element({ tag_name: "main", nth_child: 2, nth_of_type: 1 }),
    ]);

    const batch = JSON.parse(fixture("posthog/webhook-batch.json")).batch;
    const chain = batch.find((e: { properties: Record<string, unknown> }) => e.properties.$elements_chain).properties
      .$elements_chain;
    expect(parseElementsChain(chain)).toEqual([
      element({
        tag_name: "a",
        classes: ["cta"],
        text: "Start free trial",
        href: "/signup",
        nth_child: 1,
        nth_of_type: 1,
        attributes: { href: "/signup" },
      }),
    ]);
  });

  it("reads the chain posthog-js 1.449.2 sent beside `$elements`", () => {
    const click = fixture("posthog-js/capture-1.449.2.jsonl")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((event) => event.event === "$autocapture");
    const elements = parseElementsChain(click.properties.$elements_chain);
    expect(elements).toHaveLength(click.properties.$elements.length);
    elements.forEach((parsed, i) => {
      const sent = click.properties.$elements[i];
      expect(parsed).toMatchObject({ tag_name: sent.tag_name, nth_child: sent.nth_child, nth_of_type: sent.nth_of_type });
      expect(parsed.text).toBe(sent.$el_text ?? null);
    });
  });
});

describe("parseElementsChain on awkward values", () => {
  it("keeps `;`, `:`, `.` and `=` inside quoted values", () => {
    const [first, second] = parseElementsChain(
      'a.x:attr__href="/a;b:c.d?e=f"href="/a;b:c.d?e=f"text="1; 2: 3. 4 = 5";span:nth-child="3"',
    );
    expect(first).toMatchObject({ tag_name: "a", href: "/a;b:c.d?e=f", text: "1; 2: 3. 4 = 5" });
    expect(second).toMatchObject({ tag_name: "span", nth_child: 3 });
  });

  it('unescapes \\" and leaves other backslashes alone, as PostHog writes them', () => {
    const [el] = parseElementsChain('button:text="Say \\"hi\\"; C:\\\\temp \\n"');
    expect(el?.text).toBe('Say "hi"; C:\\\\temp \\n');
  });

  it("reads a value ending in a backslash, which PostHog writes as `\\\"`", () => {
    expect(parseElementsChain('div:text="dir\\"')[0]?.text).toBe("dir\\");
    const [a, b] = parseElementsChain('div:attr__title="a\\"nth-child="1";span:text="b\\\\"');
    expect(a).toMatchObject({ attributes: { title: "a\\" }, nth_child: 1 });
    expect(b?.text).toBe("b\\\\");
    // …while an escaped quote followed by `;` in the middle of a value stays a quote.
    expect(parseElementsChain('p:text="run \\"npm i\\";"')[0]?.text).toBe('run "npm i";');
  });

  it("ends the tag at the attributes' colon even when classes hold colons (Tailwind)", () => {
    const [el] = parseElementsChain('div.md:flex.hover:bg-blue-500:attr__x-on:click="open = true"nth-child="1"');
    expect(el).toMatchObject({
      tag_name: "div",
      classes: ["md:flex", "hover:bg-blue-500"],
      attributes: { "x-on:click": "open = true" },
      nth_child: 1,
    });
  });

  it("is lenient with malformed pieces", () => {
    expect(parseElementsChain("")).toEqual([]);
    expect(parseElementsChain(";;;")).toEqual([]);
    expect(parseElementsChain("button")).toEqual([element({ tag_name: "button" })]);
    expect(parseElementsChain('div:junk text="ok" nth-child="x";b')).toEqual([element({ text: "ok" }), element({ tag_name: "b" })]);
    expect(parseElementsChain('div:text="never closed; span:nth-child="1"')[0]?.text).toBe("never closed; span:nth-child=");
    expect(parseElementsChain(null as unknown as string)).toEqual([]);
    expect(parseElementsChain('div:attr__="x"attr____proto__="p"')[0]?.attributes).toEqual(
      Object.fromEntries([["__proto__", "p"]]),
    );
  });

  it("bounds the work on huge input", () => {
    const many = Array.from({ length: 5_000 }, (_, i) => `div:nth-child="${i}"`).join(";");
    expect(parseElementsChain(many)).toHaveLength(MAX_ELEMENTS);
    const long = `div:text="${"x".repeat(50_000)}"`;
    expect(parseElementsChain(long)[0]?.text).toHaveLength(MAX_VALUE_CHARS);
    // Inputs that would make a naive or backtracking parser quadratic: on 100,000 characters (the cap) that is
    // ~10^10 steps, far past the test's timeout, while a linear scan answers at once. No clock is read here:
    // the speed itself is measured by `npm run bench -- own-code`.
    expect(parseElementsChain(`div:text="${'\\"'.repeat(500_000)}`)[0]?.text).toHaveLength(MAX_VALUE_CHARS);
    expect(parseElementsChain(`${"a:".repeat(60_000)}x="`).length).toBeLessThanOrEqual(1);
    for (const piece of [";", ":", '"', '="', "\\", 'a:b="']) {
      expect(parseElementsChain(piece.repeat(100_000)).length).toBeLessThanOrEqual(MAX_ELEMENTS);
    }
  });
});

describe("stringifyElementsChain", () => {
  it("writes PostHog's format: classes after the tag, pairs sorted by key, quotes escaped", () => {
    const chain = stringifyElementsChain([
      element({
        tag_name: "a",
        classes: ["nav", "link"],
        text: 'Say "hi"',
        href: "/pricing",
        nth_child: 2,
        nth_of_type: 1,
        attributes: { id: "go", "aria-label": "Pricing" },
      }),
      element({ tag_name: "nav" }),
    ]);
    expect(chain).toBe(
      'a.nav.link:attr__aria-label="Pricing"attr__id="go"href="/pricing"nth-child="2"nth-of-type="1"text="Say \\"hi\\"";nav:',
    );
  });
});

// Names and classes the format can hold; values anything at all, with the troublesome characters made common.
const tricky = fc.string({ unit: fc.constantFrom('"', "\\", ";", ":", ".", "=", " ", "a", "k", "-", "_") });
// Pieces of chain syntax inside values: what a naive parser, or a wrong guess about a trailing `\`, trips on.
const syntax = fc
  .array(fc.constantFrom('\\"', '="', ";div:", 'text="', 'nth-child="1"', 'attr__k="', ";b.c:", ":;", "\\", '"'), {
    maxLength: 6,
  })
  .map((pieces) => pieces.join(""));
const value = fc.oneof(tricky, syntax, fc.string({ unit: "binary" }));
const name = fc.stringMatching(/^[a-z][a-z0-9:.@-]{0,8}$/);
const chainElement: fc.Arbitrary<ChainElement> = fc.record({
  tag_name: fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/),
  classes: fc.array(fc.stringMatching(/^[a-z0-9:-]{1,8}$/), { maxLength: 3 }),
  text: fc.option(value, { nil: null }),
  href: fc.option(value, { nil: null }),
  attr_id: fc.option(value, { nil: null }),
  nth_child: fc.option(fc.nat(100_000), { nil: null }),
  nth_of_type: fc.option(fc.nat(100_000), { nil: null }),
  attributes: fc.dictionary(name, value, { maxKeys: 4 }),
});

describe("properties", () => {
  it("parse(stringify(x)) returns x, whatever quotes, backslashes, `;` or `:` the values hold", () => {
    fc.assert(
      fc.property(fc.array(chainElement, { maxLength: 4 }), (elements) => {
        expect(parseElementsChain(stringifyElementsChain(elements))).toEqual(elements);
      }),
      { numRuns: 400 },
    );
  });

  it("never throws and always returns schema-valid elements, on noise and on damaged chains", () => {
    const damaged = fc
      .tuple(fc.array(chainElement, { minLength: 1, maxLength: 3 }), fc.nat(), fc.nat(), tricky)
      .map(([elements, at, cut, insert]) => {
        const chain = stringifyElementsChain(elements);
        const i = at % (chain.length + 1);
        return chain.slice(0, i) + insert + chain.slice(i + (cut % 5));
      });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), tricky, damaged), (chain) => {
        const elements = parseElementsChain(chain);
        expect(elements.length).toBeLessThanOrEqual(MAX_ELEMENTS);
        for (const parsed of elements) ChainElementSchema.parse(parsed);
      }),
      { numRuns: 400 },
    );
  });
});
