import { describe, expect, it } from "vitest";
import { hasBearerToken } from "./bearer-token";

const token = "agent-token-0123456789abcdef";

describe("hasBearerToken", () => {
  it("accepts the configured token in a Bearer header, any scheme casing", () => {
    expect(hasBearerToken(new Headers({ authorization: `Bearer ${token}` }), token)).toBe(true);
    expect(hasBearerToken(new Headers({ Authorization: `bearer ${token}` }), token)).toBe(true);
  });
  it("refuses a missing, wrong or non-Bearer credential, and everything when no token is configured", () => {
    expect(hasBearerToken(new Headers(), token)).toBe(false);
    expect(hasBearerToken(new Headers({ authorization: `Bearer ${token}x` }), token)).toBe(false);
    expect(hasBearerToken(new Headers({ authorization: `Basic ${token}` }), token)).toBe(false);
    expect(hasBearerToken(new Headers({ authorization: "Bearer " }), null)).toBe(false);
  });
});
