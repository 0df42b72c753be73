import { describe, expect, it } from "vitest";
import { identifyUser } from "./identify-user";

function fakePosthog(distinctId: string) {
  const calls: string[] = [];
  const ph = {
    get_distinct_id: () => distinctId,
    identify: (id?: string, props?: Record<string, unknown>) => {
      calls.push(`identify ${id} ${JSON.stringify(props)}`);
      distinctId = id ?? distinctId;
    },
    register: (props: Record<string, unknown>) => {
      calls.push(`register ${JSON.stringify(props)}`);
    },
  };
  return { ph, calls };
}

const user = { id: "user_7462108984f629db", email: "demo@example.com" };

describe("identifyUser", () => {
  it("identifies with product id and email, then registers the email", () => {
    const { ph, calls } = fakePosthog("0198c7a2-anon-device");
    expect(identifyUser(ph as never, user, "acme-web")).toBe(true);
    expect(calls).toEqual([
      'identify user_7462108984f629db {"product_id":"acme-web","email":"demo@example.com"}',
      'register {"email":"demo@example.com"}',
    ]);
  });

  it("does nothing the second time, once the distinct id is the user's", () => {
    const { ph, calls } = fakePosthog("0198c7a2-anon-device");
    identifyUser(ph as never, user, "acme-web");
    expect(identifyUser(ph as never, user, "acme-web")).toBe(false);
    expect(calls).toHaveLength(2);
  });
});
