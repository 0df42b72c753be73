import { describe, expect, it } from "vitest";
import { demoUserFor, demoUserId, verifyDemoCredentials } from "./demo-user";

const demo = { email: "demo@example.com", password: "autoplay-demo" };
const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe("demoUserId", () => {
  it("is stable, prefixed and derived from the lower-cased email", () => {
    const id = demoUserId("demo@example.com");
    expect(id).toMatch(/^user_[0-9a-f]{16}$/);
    expect(demoUserId("Demo@Example.COM")).toBe(id);
    expect(demoUserId("other@example.com")).not.toBe(id);
  });

  it("never looks like a UUID", () => {
    expect(demoUserId("demo@example.com")).not.toMatch(UUID_LIKE);
  });

  it("matches the sha256 prefix of the email", () => {
    // sha256("demo@example.com") = 7462108984f629db…
    expect(demoUserId("demo@example.com")).toBe("user_7462108984f629db");
  });
});

describe("verifyDemoCredentials", () => {
  it("accepts the demo account, whatever the email's case", () => {
    expect(verifyDemoCredentials(demo, demo)).toEqual(demoUserFor(demo.email));
    expect(verifyDemoCredentials({ ...demo, email: " DEMO@example.com " }, demo)?.email).toBe("demo@example.com");
  });

  it("rejects a wrong password", () => {
    expect(verifyDemoCredentials({ ...demo, password: "autoplay-demo " }, demo)).toBeNull();
    expect(verifyDemoCredentials({ ...demo, password: "" }, demo)).toBeNull();
  });

  it("rejects an unknown email even with the right password", () => {
    expect(verifyDemoCredentials({ ...demo, email: "someone@example.com" }, demo)).toBeNull();
  });

  it("treats the password as case-sensitive", () => {
    expect(verifyDemoCredentials({ ...demo, password: "AUTOPLAY-DEMO" }, demo)).toBeNull();
  });
});
