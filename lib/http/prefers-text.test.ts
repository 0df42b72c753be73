import { describe, expect, it } from "vitest";
import { prefersText } from "./prefers-text";

describe("prefersText", () => {
  it("is true only when text/plain is asked for ahead of JSON", () => {
    expect(prefersText("text/plain")).toBe(true);
    expect(prefersText("text/plain, application/json;q=0.5")).toBe(true);
    expect(prefersText(null)).toBe(false);
    expect(prefersText("*/*")).toBe(false);
    expect(prefersText("application/json, text/plain")).toBe(false);
    expect(prefersText("text/plain;q=0")).toBe(false);
  });
});
