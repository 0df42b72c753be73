/**
 * Shares one copy of each repeated string (titles, descriptions, URLs repeat across a session's actions and
 * across sessions) and makes that copy flat. Strings built by concatenation are V8 "cons strings" that
 * keep their pieces alive; a store that holds them for hours pays for every piece. Bounded: when full it
 * starts over, which costs only some sharing.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(private readonly capacity = 50_000) {}

  share(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    const copy = flatCopy(value);
    if (this.strings.size >= this.capacity) this.strings.clear();
    this.strings.set(copy, copy);
    return copy;
  }
}

/** A fresh sequential string with the same content, sharing no memory with `value`. */
export function flatCopy(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}
