/**
 * The deepest nesting of arrays and objects in a JSON text, found in one pass without parsing. JSON.parse
 * copes with any depth, but JSON.stringify and every recursive walk afterwards overflow the stack on a
 * few thousand levels: refusing deep bodies up front keeps hostile input a 400 instead of a 500.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) max = depth;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

/** Real PostHog bodies nest a handful of levels ($elements, $set); 64 leaves ample room. */
export const MAX_JSON_DEPTH = 64;
