import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDepth } from "./json-depth";

describe("jsonDepth", () => {
  it("counts nesting, ignoring brackets inside strings and escaped quotes", () => {
    expect(jsonDepth('{"a": [1, {"b": "]]]\\"[[["}]}')).toBe(3);
    expect(jsonDepth("42")).toBe(0);
    expect(jsonDepth("[".repeat(100_000) + "]".repeat(100_000))).toBe(100_000);
  });

  it("agrees with the structure of any JSON value", () => {
    const depthOf = (value: unknown): number =>
      value !== null && typeof value === "object"
        ? 1 + Math.max(0, ...Object.values(value as object).map(depthOf))
        : 0;
    fc.assert(fc.property(fc.jsonValue(), (value) => jsonDepth(JSON.stringify(value)) === depthOf(value)));
  });
});
