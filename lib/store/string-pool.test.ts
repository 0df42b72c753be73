import { describe, expect, it } from "vitest";
import { flatCopy, StringPool } from "./string-pool";

describe("StringPool", () => {
  it("returns one shared copy for equal strings, equal in content", () => {
    const pool = new StringPool();
    const a = pool.share(["Page Load: ", "Projects"].join(""));
    const b = pool.share(`Page Load: ${"Projects"}`);
    expect(a).toBe("Page Load: Projects");
    expect(b).toBe(a);
  });

  it("stays within its capacity", () => {
    const pool = new StringPool(3);
    for (let i = 0; i < 10; i++) expect(pool.share(`s${i}`)).toBe(`s${i}`);
  });

  it("copies any string exactly, including lone surrogates and control characters", () => {
    for (const value of ["", "\u0000\u2028\ud800x", "é".repeat(1000)]) expect(flatCopy(value)).toBe(value);
  });
});
