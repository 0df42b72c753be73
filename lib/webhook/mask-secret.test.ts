import { describe, expect, it } from "vitest";
import { maskSecret } from "./mask-secret";

describe("maskSecret", () => {
  it("keeps a recognisable prefix and suffix and hides the rest", () => {
    const masked = maskSecret("whsec-0123456789abcdef");
    expect(masked.startsWith("whse")).toBe(true);
    expect(masked.endsWith("ef")).toBe(true);
    expect(masked).not.toContain("0123456789");
  });
  it("hides short secrets entirely", () => {
    expect(maskSecret("abc")).toBe("•••");
  });
});
