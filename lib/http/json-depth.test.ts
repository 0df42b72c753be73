import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nestsDeeperThan } from "./json-depth";

const depthOf = (value: unknown): number =>
  value !== null && typeof value === "object" ? 1 + Math.max(0, ...Object.values(value as object).map(depthOf)) : 0;

describe("nestsDeeperThan", () => {
  it("measures nesting of arrays and objects, not of strings that look like it", () => {
    const value = JSON.parse('{"a": [1, {"b": "]]]\\"[[["}]}');
    expect(nestsDeeperThan(value, 3)).toBe(false);
    expect(nestsDeeperThan(value, 2)).toBe(true);
    expect(nestsDeeperThan(42, 0)).toBe(false);
  });

  it("copes with depths that would overflow a recursive walk", () => {
    const deep = JSON.parse("[".repeat(200_000) + "]".repeat(200_000));
    expect(nestsDeeperThan(deep, 64)).toBe(true);
  });

  it("agrees with the structure of any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(12), (value, max) => nestsDeeperThan(value, max) === depthOf(value) > max),
    );
  });
});
