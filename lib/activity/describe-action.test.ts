import { fixtureText } from "@/test/fixtures";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ActionTypeSchema } from "../autoplay/slim-action";
import { type ChainElement, parseElementsChain } from "../posthog/elements-chain";
import { type ActionContext, cleanText, describeAction, pageName } from "./describe-action";

const fixture = (name: string) => JSON.parse(fixtureText(`posthog/${name}`));
const base: ActionContext = { type: "click", url: "https://app.example.com/", pageTitle: null, elText: null, elements: [] };
const describeWith = (context: Partial<ActionContext>, chain = "") =>
  describeAction({ ...base, elements: parseElementsChain(chain), ...context });

describe("pageviews", () => {
  it("name the page after its title, without the app's name", () => {
    expect(describeWith({ type: "pageview", pageTitle: "Dashboard · Acme" })).toEqual({
      title: "Page Load: Dashboard",
      description: "User landed on the Dashboard page",
    });
    expect(pageName("/", "Billing | Acme")).toBe("Billing");
    expect(pageName("/", "Release notes - Acme")).toBe("Release notes");
    expect(pageName("/", "Acme")).toBe("Acme");
    expect(pageName("/", "Pre-launch checklist")).toBe("Pre-launch checklist");
  });

  it.each([
    ["https://app.example.com/", "Home"],
    ["https://app.example.com/projects", "Projects"],
    ["https://app.example.com/projects/4821?tab=settings", "Project"],
    ["https://app.example.com/projects/new", "New Project"],
    ["/projects/4821/edit", "Edit Project"],
    ["/projects/4821/reports", "Project Reports"],
    ["/categories/12", "Category"],
    ["/release-notes", "Release Notes"],
    ["/settings/billing", "Billing"],
    ["/4821", "Item"],
    ["/s/0", "S"],
    ["", "Home"],
  ])("without a title, name %s after its path: %s", (url, name) => {
    expect(describeWith({ type: "pageview", url }).title).toBe(`Page Load: ${name}`);
  });

  it("do not say 'page' twice", () => {
    expect(describeWith({ type: "pageview", url: "/landing-page" }).description).toBe("User landed on the Landing Page");
  });
});

describe("element actions", () => {
  it("describe the default webhook's click like Autoplay does", () => {
    const { event } = fixture("webhook-default-click.json");
    expect(describeWith({ elText: event.properties.$el_text }, event.elements_chain)).toEqual({
      title: "Export CSV button",
      description: "User clicked Export CSV button",
    });
    // Without `$el_text`, the chain's own text says the same.
    expect(describeWith({}, event.elements_chain).title).toBe("Export CSV button");
  });

  it("describe the Autoplay Hog body's submit by the form's name", () => {
    const body = fixture("webhook-autoplay-hog-click.json");
    expect(
      describeWith({ type: "submit", elText: body.button_or_link_text || null, fieldName: body.input_field_name }, body.elements_chain),
    ).toEqual({ title: "Project form", description: "User submitted the project form" });
  });

  it("name links with their destination", () => {
    expect(describeWith({ elText: "Pricing" }, 'a.nav:attr__href="/pricing"href="/pricing"text="Pricing"')).toEqual({
      title: "Pricing link",
      description: "User clicked Pricing link to /pricing",
    });
    expect(describeWith({}, 'a:href="javascript:void(0)"text="Menu"').description).toBe("User clicked Menu link");
  });

  it("attribute a click on an icon to the button around it", () => {
    const chain = 'svg.icon:nth-child="1";button:attr__aria-label="Close dialog";div.modal:';
    expect(describeWith({}, chain)).toEqual({ title: "Close dialog button", description: "User clicked Close dialog button" });
    expect(describeWith({ rage: true }, chain).description).toBe("User rage-clicked Close dialog button (several rapid clicks)");
  });

  it("take the label from text, aria-label, name, field name, placeholder, then id, in that order", () => {
    const chain = (attrs: string) => `input:${attrs}`;
    expect(describeWith({ type: "type" }, chain('attr__aria-label="Email"attr__name="email_addr"')).title).toBe("Email field");
    expect(describeWith({ type: "type", fieldName: "company" }, chain('attr__placeholder="Acme Inc."')).title).toBe("Company field");
    expect(describeWith({ type: "type" }, chain('attr__placeholder="Search projects"')).description).toBe(
      "User typed in the Search projects field",
    );
    expect(describeWith({ type: "focus" }, chain('attr__id="billing-email"')).description).toBe(
      "User focused the billing email field",
    );
    expect(describeWith({ type: "blur" }, chain('attr__id="emailAddress"')).description).toBe("User left the email address field");
  });

  it("tell kinds apart: submit inputs and role=button are buttons, plain elements are elements", () => {
    expect(describeWith({}, 'input:attr__type="submit"attr__value="x"attr__name="save"').title).toBe("Save button");
    expect(describeWith({}, 'div:attr__role="button"text="Open"').title).toBe("Open button");
    expect(describeWith({}, 'li:text="Inbox"').title).toBe("Inbox element");
    expect(describeWith({}, 'textarea:attr__name="notes"').title).toBe("Notes field");
  });

  it("never return an empty label", () => {
    expect(describeWith({}, 'div:nth-child="1"')).toEqual({ title: "Div element", description: "User clicked a div element" });
    expect(describeWith({}, 'button:nth-child="1"')).toEqual({ title: "Button", description: "User clicked a button" });
    expect(describeWith({ type: "submit" })).toEqual({ title: "Form", description: "User submitted a form" });
    expect(describeWith({ elText: "   \u200b " }, "")).toEqual({ title: "Element", description: "User clicked an element" });
  });

  it("do not repeat the kind a label already names", () => {
    expect(describeWith({ type: "submit", elText: null }, 'form:attr__aria-label="Sign-up form"').title).toBe("Sign-up form");
  });

  it("keep untrusted text plain, clean and short", () => {
    const { title, description } = describeWith({ elText: "  <b>Delete</b>\n\t all\u202e\u200b\u0007  " }, "button:");
    expect(title).toBe("<b>Delete</b> all button");
    expect(description).toBe("User clicked <b>Delete</b> all button");
    const long = describeWith({ elText: "word ".repeat(100) }, "button:").title;
    expect(long).toMatch(/… button$/);
    expect(Array.from(long.replace(/ button$/, ""))).toHaveLength(80);
    expect(cleanText("a\u2066b\u2069c\ufeffd\u{e0041}\u{e0042}")).toBe("abcd");
  });
});

const text = fc.option(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: fc.constantFrom(" ", "\u202e", "\u200b", "\n", "a", "-") })), { nil: null });
const element: fc.Arbitrary<ChainElement> = fc.record({
  tag_name: fc.constantFrom("a", "button", "input", "form", "div", "svg", "", "textarea"),
  classes: fc.array(fc.string(), { maxLength: 2 }),
  text,
  href: text,
  attr_id: text,
  nth_child: fc.constant(null),
  nth_of_type: fc.constant(null),
  attributes: fc.dictionary(fc.constantFrom("id", "name", "aria-label", "placeholder", "role", "type", "href"), fc.string({ unit: "binary" }), { maxKeys: 4 }),
});
const context: fc.Arbitrary<ActionContext> = fc.record({
  type: fc.constantFrom(...ActionTypeSchema.options),
  url: fc.oneof(fc.webUrl(), fc.string({ unit: "binary" })),
  pageTitle: text,
  elText: text,
  elements: fc.array(element, { maxLength: 4 }),
  fieldName: text,
  rage: fc.boolean(),
});

describe("properties", () => {
  it("always give a clean, non-empty, bounded title and description", () => {
    fc.assert(
      fc.property(context, (ctx) => {
        const { title, description } = describeAction(ctx);
        for (const out of [title, description]) {
          expect(out.trim()).toBe(out);
          expect(out).not.toBe("");
          expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|\s{2}/);
        }
        expect(Array.from(title).length).toBeLessThanOrEqual(100);
        expect(Array.from(description).length).toBeLessThanOrEqual(220);
      }),
      { numRuns: 500 },
    );
  });
});
