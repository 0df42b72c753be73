import { describe, expect, it, vi } from "vitest";
import { StoreUnavailableError } from "./store-unavailable-error";

describe("StoreUnavailableError", () => {
  it("is recognised when thrown by another copy of its module, as Next's separate bundles make", async () => {
    vi.resetModules();
    const { StoreUnavailableError: OtherCopy } = await import("./store-unavailable-error");
    expect(OtherCopy).not.toBe(StoreUnavailableError);
    expect(new OtherCopy("down")).toBeInstanceOf(StoreUnavailableError);
    expect(new Error("bug")).not.toBeInstanceOf(StoreUnavailableError);
    class Subclass extends StoreUnavailableError {}
    expect(new StoreUnavailableError("down")).not.toBeInstanceOf(Subclass);
    expect(new Subclass("down")).toBeInstanceOf(StoreUnavailableError);
  });
});
