/**
 * Whether a parsed JSON value nests arrays and objects more than `max` levels deep. JSON.parse copes with any
 * depth, but JSON.stringify and every recursive walk afterwards overflow the stack on a few thousand levels:
 * refusing deep bodies up front keeps hostile input a 400 instead of a 500. Walks with its own stack, so it
 * never recurses itself, and visits only containers.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  const stack: [object, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [container, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(container) ? container : Object.values(container)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Real PostHog bodies nest a handful of levels ($elements, $set); 64 leaves ample room. */
export const MAX_JSON_DEPTH = 64;
