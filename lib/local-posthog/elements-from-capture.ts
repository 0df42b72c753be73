/**
 * PostHog's `elements_chain` (CONTRACT §2), built the way its ingestion builds it from posthog-js' `$elements`:
 * innermost element first, `tag.class1.class2:` then `key="value"` pairs sorted by key.
 */

type CapturedElement = Record<string, unknown>;

const escapeQuotes = (value: string) => value.replace(/"/g, '\\"');

const asText = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;

function classesOf(element: CapturedElement): string[] {
  const raw = element.attr__class;
  if (Array.isArray(raw)) return raw.filter((item): item is string => typeof item === "string");
  if (typeof raw === "string") return raw.trim().split(/\s+/).filter(Boolean);
  return [];
}

function elementToString(element: CapturedElement): string {
  let out = asText(element.tag_name) ?? "";
  for (const name of classesOf(element).sort()) out += `.${name.replace(/"/g, "")}`;

  const text = asText(element.$el_text)?.slice(0, 400);
  const href = asText(element.attr__href)?.slice(0, 2048);
  const id = asText(element.attr__id);
  const attributes: Record<string, string> = {
    ...(text ? { text } : {}),
    "nth-child": asText(element.nth_child) ?? "0",
    "nth-of-type": asText(element.nth_of_type) ?? "0",
    ...(href ? { href } : {}),
    // PostHog's ingestion repeats the id as `attr_id` beside `attr__id`; kept so chains match PostHog's.
    ...(id ? { attr_id: id } : {}),
  };
  for (const [key, value] of Object.entries(element)) {
    if (!key.startsWith("attr__")) continue;
    if (value === null || value === undefined || (typeof value === "object" && !Array.isArray(value))) continue;
    attributes[key] = String(value);
  }

  const pairs = Object.entries(attributes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${escapeQuotes(key)}="${escapeQuotes(value)}"`);
  return `${out}:${pairs.join("")}`;
}

export function elementsChainFromElements(elements: unknown): string {
  if (!Array.isArray(elements)) return "";
  return elements
    .filter((element): element is CapturedElement => typeof element === "object" && element !== null)
    .map(elementToString)
    .join(";");
}

/** The chain for a captured event: posthog-js' own `$elements_chain` when it sent one, else built from `$elements`. */
export function elementsChainFromProperties(properties: Record<string, unknown>): string {
  const ready = properties.$elements_chain;
  if (typeof ready === "string" && ready !== "") return ready;
  return elementsChainFromElements(properties.$elements);
}
