import { describe, expect, it } from "vitest";
import { matchesSecret } from "./matches-secret";

describe("matchesSecret", () => {
  it("matches only an exact value among the expected ones", () => {
    expect(matchesSecret("new-secret", ["new-secret", "old-secret"])).toBe(true);
    expect(matchesSecret("old-secret", ["new-secret", "old-secret"])).toBe(true);
    for (const wrong of ["new-secre", "new-secret!", "NEW-SECRET", ""]) expect(matchesSecret(wrong, ["new-secret"])).toBe(false);
  });

  it("matches nothing when nothing is expected", () => {
    expect(matchesSecret("anything", [])).toBe(false);
  });
});
