import { z } from "zod";
import { ActionTypeSchema } from "../autoplay/slim-action";
import { ChainElementSchema, type ChainElement } from "../posthog/elements-chain";
import { ID_SEGMENT, pathOf } from "./canonical-url";

/** What an action is described from: one event's type, page and target (CONTRACT §3). */
export const ActionContextSchema = z.object({
  type: ActionTypeSchema,
  url: z.string(),
  /** The page's `title` property; an app-name suffix (" · Acme", " | Acme", " - Acme") is dropped. */
  pageTitle: z.string().nullable(),
  /** `$el_text`, or Autoplay's `button_or_link_text`. */
  elText: z.string().nullable(),
  /** The elements chain, innermost first. */
  elements: z.array(ChainElementSchema),
  fieldName: z.string().nullish(),
  rage: z.boolean().optional(),
});
export type ActionContext = z.infer<typeof ActionContextSchema>;
export type ActionDescription = { title: string; description: string };

const MAX_LABEL = 80;
// Elements an event's target sits inside of; a click on a button's icon is a click on the button.
const SEARCH_DEPTH = 6;
/** How many of a chain's innermost elements a description can look at: the rest need not be parsed. */
export const DESCRIBED_ELEMENTS = SEARCH_DEPTH;

/**
 * Texts come from users' pages: plain strings only, without controls, bidi overrides, zero-width or other
 * invisible characters (which could reorder or hide what an agent or a person reads), whitespace collapsed.
 */
export function cleanText(value: string | null | undefined): string {
  if (typeof value !== "string") return "";
  return value
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
    .replace(/[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, "")
    // Unicode tag characters and the variation-selector supplement can smuggle invisible text to an agent.
    .replace(/[\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

function cap(text: string, max = MAX_LABEL): string {
  const chars = Array.from(text); // by code point, so an emoji is never cut in half
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}

const titleCase = (text: string) => text.replace(/(^|\s)(\p{Ll})/gu, (_, space, c: string) => space + c.toUpperCase());
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** `export-csv` / `exportCsv` / `export_csv` → `export csv`. */
function humanise(token: string): string {
  let text = token;
  try {
    text = decodeURIComponent(token);
  } catch {
    // keep it as it came
  }
  return cleanText(
    text
      .replace(/\.(html?|php|aspx?|jsp)$/i, "")
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .replace(/[-_+.]+/g, " "),
  ).toLowerCase();
}

function singular(word: string): string {
  if (word.length <= 3) return word; // "s", "bus", "gas": too short to guess at
  if (/ies$/i.test(word)) return word.slice(0, -3) + "y";
  if (/(ss|us|is)$/i.test(word)) return word;
  if (/(s|x|ch|sh)es$/i.test(word)) return word.slice(0, -2);
  return word.endsWith("s") ? word.slice(0, -1) : word;
}

const VERBS = new Set(["new", "create", "edit", "add"]);
const APP_SUFFIX = /\s+[·|\-–—]\s+[^·|\-–—]+$/;

/** The page's name: its title without the app's name, else its path (`/projects/42` → "Project"). */
export function pageName(url: string, pageTitle: string | null): string {
  const title = cleanText(pageTitle);
  const withoutApp = title.replace(APP_SUFFIX, "").trim();
  if (withoutApp || title) return cap(withoutApp || title);

  const segments = pathOf(url)
    .split("/")
    .filter((s) => s !== "")
    .map((s) => (s === ID_SEGMENT ? s : humanise(s)))
    .filter((s) => s !== "");
  const last = segments.at(-1);
  if (last === undefined) return "Home";
  const before = segments.slice(0, -1).filter((s) => s !== ID_SEGMENT);
  const resource = before.at(-1);
  let name: string;
  if (last === ID_SEGMENT) name = resource ? singular(resource) : "Item"; // /projects/42 → Project
  else if (VERBS.has(last) && resource) name = `${last} ${singular(resource)}`; // /projects/new → New Project
  else if (segments.at(-2) === ID_SEGMENT && resource) name = `${singular(resource)} ${last}`; // /projects/42/reports
  else name = last;
  return cap(titleCase(name)) || "Page";
}

type Kind = "button" | "link" | "field" | "form" | "element";

function kindOf(element: ChainElement | undefined): Kind {
  if (!element) return "element";
  const tag = element.tag_name.toLowerCase();
  const role = element.attributes.role?.toLowerCase();
  const type = element.attributes.type?.toLowerCase();
  if (tag === "button" || role === "button" || (tag === "input" && /^(submit|button|reset|image)$/.test(type ?? ""))) {
    return "button";
  }
  if (tag === "a" || role === "link") return "link";
  if (tag === "input" || tag === "textarea" || tag === "select" || role === "textbox" || role === "combobox") {
    return "field";
  }
  if (tag === "form") return "form";
  return "element";
}

/** The element the action is about: the nearest one of the wanted kinds around the target, else the target. */
function subjectIndex(elements: ChainElement[], wanted: Kind[]): number {
  const found = elements.slice(0, SEARCH_DEPTH).findIndex((element) => wanted.includes(kindOf(element)));
  return found >= 0 ? found : 0;
}

function labelOf(context: ActionContext, elements: ChainElement[], subject: number): string | null {
  const target = elements[subject];
  const attrs = target?.attributes ?? {};
  const candidates = [
    context.elText,
    elements.slice(0, subject + 1).find((e) => cleanText(e.text) !== "")?.text,
    attrs["aria-label"],
    attrs.name,
    context.fieldName,
    attrs.placeholder,
    attrs.title,
    attrs.alt,
  ];
  for (const candidate of candidates) {
    const text = cleanText(candidate);
    if (text) return cap(text);
  }
  const id = humanise(attrs.id ?? target?.attr_id ?? "");
  return id ? cap(id) : null;
}

/** "Export CSV" + "button" → "Export CSV button", but "Sign-up form" + "form" stays "Sign-up form". */
function named(label: string, kind: string): string {
  return label.toLowerCase().endsWith(` ${kind}`) || label.toLowerCase() === kind ? label : `${label} ${kind}`;
}

function destinationOf(element: ChainElement | undefined): string | null {
  const href = cleanText(element?.href ?? element?.attributes.href);
  if (!href || href === "#" || /^javascript:/i.test(href)) return null;
  return cap(href);
}

/** A readable title and description for an action, in Autoplay's style (CONTRACT §3). Never empty. */
export function describeAction(context: ActionContext): ActionDescription {
  if (context.type === "pageview") {
    const page = pageName(context.url, context.pageTitle);
    const place = /\bpage$/i.test(page) ? page : `${page} page`;
    return { title: `Page Load: ${page}`, description: `User landed on the ${place}` };
  }

  const elements = Array.isArray(context.elements) ? context.elements : [];
  const wanted: Kind[] =
    context.type === "submit" ? ["form"] : context.type === "click" ? ["button", "link", "field"] : ["field"];
  const subject = subjectIndex(elements, wanted);
  const target = elements[subject];
  const kind: Kind = context.type === "submit" ? "form" : context.type === "type" ? "field" : kindOf(target);
  const label = labelOf(context, elements, subject);
  const tag = cleanText(target?.tag_name).toLowerCase();
  // Without a name, say what it is: "User clicked a button", "User clicked a div element".
  const thing = label ? named(label, kind) : kind === "element" && tag ? `${tag} element` : kind;
  const the = label ? "" : /^[aeiou]/.test(thing) ? "an " : "a ";
  const title = capitalise(thing);

  switch (context.type) {
    case "submit":
      return { title, description: `User submitted ${label ? "the " : the}${thing}` };
    case "type":
      return { title, description: `User typed in ${label ? "the " : the}${thing}` };
    case "focus":
      return { title, description: `User focused ${label ? "the " : the}${thing}` };
    case "blur":
      return { title, description: `User left ${label ? "the " : the}${thing}` };
    case "click": {
      if (context.rage) return { title, description: `User rage-clicked ${the}${thing} (several rapid clicks)` };
      const destination = kind === "link" ? destinationOf(target) : null;
      return { title, description: `User clicked ${the}${thing}${destination ? ` to ${destination}` : ""}` };
    }
  }
}
