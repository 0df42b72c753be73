import { z } from "zod";

/** One element of PostHog's `elements_chain` (CONTRACT §2), innermost first in a chain. */
export const ChainElementSchema = z.object({
  tag_name: z.string(),
  classes: z.array(z.string()),
  text: z.string().nullable(),
  href: z.string().nullable(),
  attr_id: z.string().nullable(),
  nth_child: z.number().int().nonnegative().nullable(),
  nth_of_type: z.number().int().nonnegative().nullable(),
  /** Every `attr__x="…"` pair, keyed by `x` (`class`, `id`, `name`, `aria-label`, `data-testid`, …). */
  attributes: z.record(z.string(), z.string()),
});
export type ChainElement = z.infer<typeof ChainElementSchema>;

// Chains come from untrusted browsers: bound the work whatever arrives.
export const MAX_CHAIN_CHARS = 100_000;
export const MAX_ELEMENTS = 100;
export const MAX_VALUE_CHARS = 4_096;
const MAX_ATTRIBUTES = 64;

const KNOWN_KEYS = new Set(["text", "href", "attr_id", "nth-child", "nth-of-type"]);
// Attribute names are what HTML allows (`xlink:href`, `@click`, `x-on:click`), minus what the chain uses.
const NOT_IN_KEYS = new Set([..."\"'=;\\<>/"].map((c) => c.charCodeAt(0)));
function isKeyChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) return code > 0x20 && code !== 0x7f && !NOT_IN_KEYS.has(code);
  return !/[\s\u0080-\u009f]/.test(c);
}
function isStrictKeyChar(c: string): boolean {
  const code = c.charCodeAt(0) | 0x20; // folds A-Z onto a-z
  return (code >= 0x61 && code <= 0x7a) || (c >= "0" && c <= "9") || c === "_" || c === "-";
}

/**
 * A scanner over one chain. The only hard part is a value ending in a backslash: PostHog escapes `"` as `\"`
 * and leaves backslashes alone, so such a value is written `…\"` and reads like an escaped quote. `\"` is
 * therefore an escaped quote unless only the other reading — the backslash is the value's last character and
 * the quote closes it — lets the rest of the chain parse. In a chain PostHog or `stringifyElementsChain`
 * wrote, only one reading parses (the round-trip property test hunts for counterexamples), so the choice is
 * exact, not a guess. Which positions parse is worked out once, right to left, in O(n).
 */
class ChainScanner {
  private readonly n: number;
  /** keyEnd[i]: end of the run of attribute-name characters starting at i; strictEnd: the same, `[A-Za-z0-9_-]`. */
  private readonly keyEnd: Int32Array;
  private readonly strictEnd: Int32Array;
  /** Can the rest of the chain from i parse when i is inside a value (V), just after one (A), in a tag (E)? */
  private readonly inValue: Uint8Array;
  private readonly afterValue: Uint8Array;
  private readonly inHead: Uint8Array;

  constructor(
    private readonly s: string,
    private readonly maxElements: number,
  ) {
    const n = (this.n = s.length);
    this.keyEnd = new Int32Array(n + 2);
    this.strictEnd = new Int32Array(n + 2);
    this.inValue = new Uint8Array(n + 3);
    this.afterValue = new Uint8Array(n + 3);
    this.inHead = new Uint8Array(n + 3);
    this.keyEnd[n] = this.strictEnd[n] = n;
    for (let i = n - 1; i >= 0; i--) {
      this.keyEnd[i] = isKeyChar(s[i]!) ? this.keyEnd[i + 1]! : i;
      this.strictEnd[i] = isStrictKeyChar(s[i]!) ? this.strictEnd[i + 1]! : i;
    }
    const V = this.inValue;
    const A = this.afterValue;
    const E = this.inHead;
    A[n] = E[n] = 1;
    for (let i = n - 1; i >= 0; i--) {
      const c = s[i];
      if (c === '"') V[i] = A[i + 1]!;
      else if (c === "\\" && s[i + 1] === '"') V[i] = V[i + 2]! | A[i + 2]!;
      else V[i] = V[i + 1]!;

      const value = this.valueStartAt(i);
      A[i] = c === ";" ? E[i + 1]! : value >= 0 ? V[value]! : 0;

      if (c === ";") E[i] = E[i + 1]!;
      else if (c === '"') E[i] = 0;
      else if (c === ":") {
        const first = this.firstValueStartAfterColon(i);
        E[i] = first >= 0 ? V[first]! : i + 1 === n || s[i + 1] === ";" ? A[i + 1]! : E[i + 1]!;
      } else E[i] = E[i + 1]!;
    }
  }

  /** `key="` at i: the index where the value starts, else -1. */
  private valueStartAt(i: number): number {
    const end = this.keyEnd[i]!;
    return end > i && this.s[end] === "=" && this.s[end + 1] === '"' ? end + 2 : -1;
  }

  /**
   * Classes may hold `:` (Tailwind's `md:flex`), so the tag ends at the first `:` followed by a pair whose key
   * is one PostHog writes (`text`, `attr__…`, …) or a plain `[A-Za-z0-9_-]` name (PostHog's own parser's rule).
   */
  private firstValueStartAfterColon(colon: number): number {
    const start = colon + 1;
    const value = this.valueStartAt(start);
    if (value < 0) return -1;
    // No slicing: many colons can share one long key, and this runs for each of them.
    const plain = this.strictEnd[start] === this.keyEnd[start];
    const known = value - 2 - start <= 11 && KNOWN_KEYS.has(this.s.slice(start, value - 2));
    return plain || known || this.s.startsWith("attr__", start) ? value : -1;
  }

  parse(): ChainElement[] {
    const { s, n } = this;
    const elements: ChainElement[] = [];
    let p = 0;
    while (p < n && elements.length < this.maxElements) {
      const headStart = p;
      let attrsStart = -1;
      for (; p < n && s[p] !== ";"; p++) {
        if (s[p] !== ":") continue;
        if (this.firstValueStartAfterColon(p) >= 0 || p + 1 === n || s[p + 1] === ";") {
          attrsStart = p + 1;
          break;
        }
      }
      if (attrsStart < 0) {
        // No clean `:key="`, but a tag never holds a quote: a quote after a colon means pairs, however mangled.
        let colon = -1;
        for (let k = headStart; k < p && attrsStart < 0; k++) {
          if (s[k] === ":" && colon < 0) colon = k;
          else if (s[k] === '"' && colon >= 0) attrsStart = colon + 1;
        }
      }
      const head = s.slice(headStart, Math.min(attrsStart >= 0 ? attrsStart - 1 : p, headStart + MAX_VALUE_CHARS));
      const pairs: [string, string][] = [];
      if (attrsStart >= 0) {
        p = attrsStart;
        while (p < n && s[p] !== ";") {
          const valueStart = this.valueStartAt(p);
          if (valueStart < 0) {
            p++; // not a pair: skip a character and look again
            continue;
          }
          const [value, next] = this.readValue(valueStart);
          if (pairs.length < MAX_ATTRIBUTES) pairs.push([s.slice(p, valueStart - 2), value]);
          p = next;
        }
      }
      const element = toElement(head, pairs);
      if (element) elements.push(element);
      p++; // past the `;`
    }
    return elements;
  }

  /** Reads a value from just after its opening quote: the unescaped value and the index after its closing quote. */
  private readValue(start: number): [string, number] {
    const { s, n } = this;
    let out = "";
    let from = start;
    const take = (to: number, extra: string) => {
      if (out.length < MAX_VALUE_CHARS) out += s.slice(from, Math.min(to, from + MAX_VALUE_CHARS)) + extra;
    };
    for (let i = start; i < n; i++) {
      if (s[i] === '"') {
        take(i, "");
        return [out.slice(0, MAX_VALUE_CHARS), i + 1];
      }
      if (s[i] === "\\" && s[i + 1] === '"') {
        const closes = this.afterValue[i + 2] === 1 && this.inValue[i + 2] === 0;
        take(i, closes ? "\\" : '"');
        if (closes) return [out.slice(0, MAX_VALUE_CHARS), i + 2];
        from = ++i + 1;
      }
    }
    take(n, ""); // unterminated: keep what there is
    return [out.slice(0, MAX_VALUE_CHARS), n];
  }
}

function toCount(value: string): number | null {
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

function toElement(head: string, pairs: [string, string][]): ChainElement | null {
  const [tag = "", ...classes] = head.split(".");
  const element: ChainElement = {
    tag_name: tag.trim(),
    classes: classes.filter((name) => name !== ""),
    text: null,
    href: null,
    attr_id: null,
    nth_child: null,
    nth_of_type: null,
    attributes: {},
  };
  const attributes: [string, string][] = [];
  for (const [key, value] of pairs) {
    if (key === "text") element.text = value;
    else if (key === "href") element.href = value;
    else if (key === "attr_id") element.attr_id = value;
    else if (key === "nth-child") element.nth_child = toCount(value);
    else if (key === "nth-of-type") element.nth_of_type = toCount(value);
    else if (key.startsWith("attr__") && key.length > 6) attributes.push([key.slice(6), value]);
  }
  // fromEntries defines own properties, so a `__proto__` attribute stays data rather than a prototype.
  element.attributes = Object.fromEntries(attributes);
  const empty = element.tag_name === "" && element.classes.length === 0 && pairs.length === 0;
  return empty ? null : element;
}

/**
 * Parses an `elements_chain` into its elements, innermost first. Never throws: malformed pieces are read
 * leniently or skipped, and the work is bounded (MAX_CHAIN_CHARS, MAX_ELEMENTS, MAX_VALUE_CHARS). Callers
 * that need only the innermost few elements say so with `maxElements`: the rest is never scanned.
 */
export function parseElementsChain(chain: string, maxElements = MAX_ELEMENTS): ChainElement[] {
  if (typeof chain !== "string" || chain === "") return [];
  try {
    return new ChainScanner(chain.slice(0, MAX_CHAIN_CHARS), Math.min(maxElements, MAX_ELEMENTS)).parse();
  } catch {
    return []; // unreachable by design; a chain is only ever context, never worth failing an event over
  }
}

const escapeValue = (value: string) => value.replace(/"/g, '\\"');

/**
 * Writes elements in PostHog's format: `tag.class1.class2:` then `key="value"` pairs sorted by key, `"`
 * escaped as `\"` and nothing else (as PostHog does). A value ending in a backslash needs no special form:
 * `parseElementsChain` tells it apart (see ChainScanner). What the format cannot hold is dropped: `"`, `.`,
 * `;` and whitespace in a class, and attributes whose name is not a plain HTML attribute name.
 */
export function stringifyElementsChain(elements: readonly ChainElement[]): string {
  return elements
    .map((element) => {
      const classes = element.classes
        .map((name) => name.replace(/[".;\s]/g, ""))
        .filter((name) => name !== "")
        .map((name) => `.${name}`)
        .join("");
      const pairs: [string, string][] = [];
      if (element.text !== null) pairs.push(["text", element.text]);
      if (element.href !== null) pairs.push(["href", element.href]);
      if (element.attr_id !== null) pairs.push(["attr_id", element.attr_id]);
      if (element.nth_child !== null) pairs.push(["nth-child", String(element.nth_child)]);
      if (element.nth_of_type !== null) pairs.push(["nth-of-type", String(element.nth_of_type)]);
      for (const [name, value] of Object.entries(element.attributes)) {
        if (name !== "" && [...name].every(isKeyChar)) pairs.push([`attr__${name}`, value]);
      }
      pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const body = pairs.map(([key, value]) => `${key}="${escapeValue(value)}"`).join("");
      return `${element.tag_name.replace(/[".;:\s]/g, "")}${classes}:${body}`;
    })
    .join(";");
}
