import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRedisClient, waitUntilReady } from "../store/redis/redis-client";
import { LoginThrottle, memoryLimiters, redisLimiters, type LoginAttempt } from "./login-throttle";

const PASSWORD = "correct horse battery staple";
const MINUTE = 60_000;

/** The sign-in as authorize() runs it: any account's password is PASSWORD. */
function signIn(throttle: LoginThrottle, account: string, password: string, address: string | null = "203.0.113.7") {
  const attempt: LoginAttempt = { account, address };
  return throttle.attempt(attempt, () => (password === PASSWORD ? { email: account } : null));
}

async function wrongTries(throttle: LoginThrottle, count: number, account: string, address?: string | null) {
  const results = [];
  for (let i = 0; i < count; i++) results.push(await signIn(throttle, account, `guess-${i}`, address));
  return results;
}

describe("LoginThrottle in memory", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("locks an account after 5 wrong passwords; 20 wrong tries then the right password are all refused", async () => {
    const throttle = new LoginThrottle(memoryLimiters());
    const results = await wrongTries(throttle, 20, "ada@example.com");
    expect(results.slice(0, 4).map((r) => r.user === null && r.lockout)).toEqual([null, null, null, null]);
    expect(results[4]).toEqual({ user: null, lockout: { scope: "account", retryAfterMs: 15 * MINUTE } });
    for (const result of results.slice(5)) expect(result).toMatchObject({ user: null, lockout: { scope: "account" } });

    const right = await signIn(throttle, "ada@example.com", PASSWORD);
    expect(right).toEqual({ user: null, lockout: { scope: "account", retryAfterMs: 15 * MINUTE } });
    // The same account however it is typed.
    expect(await signIn(throttle, "  ADA@example.com ", PASSWORD)).toMatchObject({ user: null, lockout: { scope: "account" } });
  });

  it("checks at most 5 passwords of 50 guesses sent at once", async () => {
    const throttle = new LoginThrottle(memoryLimiters());
    let checked = 0;
    const guesses = Array.from({ length: 50 }, (_, i) =>
      throttle.attempt({ account: "ada@example.com", address: `198.51.100.${i}` }, () => {
        checked += 1;
        return null;
      }),
    );
    const results = await Promise.all(guesses);
    expect(checked).toBe(5);
    expect(results.filter((r) => "lockout" in r && r.lockout !== null)).toHaveLength(46);
  });

  it("leaves another account alone, from the same address", async () => {
    const throttle = new LoginThrottle(memoryLimiters());
    await wrongTries(throttle, 20, "ada@example.com");
    expect(await signIn(throttle, "grace@example.com", PASSWORD)).toEqual({ user: { email: "grace@example.com" } });
  });

  it("lifts the lock when its time is up, and says how long is left meanwhile", async () => {
    const throttle = new LoginThrottle(memoryLimiters());
    await wrongTries(throttle, 5, "ada@example.com");
    vi.advanceTimersByTime(10 * MINUTE);
    expect(await signIn(throttle, "ada@example.com", PASSWORD)).toEqual({
      user: null,
      lockout: { scope: "account", retryAfterMs: 5 * MINUTE },
    });
    vi.advanceTimersByTime(5 * MINUTE);
    expect(await signIn(throttle, "ada@example.com", PASSWORD)).toEqual({ user: { email: "ada@example.com" } });
  });

  it("doubles each further lockout of the same account within a day, up to a day", async () => {
    const throttle = new LoginThrottle(memoryLimiters());
    const lockouts = [];
    for (let round = 0; round < 9; round++) {
      const results = await wrongTries(throttle, 5, "ada@example.com", `198.51.100.${round}`);
      const lockout = results[4]!.user === null ? results[4]!.lockout : null;
      lockouts.push(lockout!.retryAfterMs / MINUTE);
      vi.advanceTimersByTime(lockout!.retryAfterMs);
    }
    expect(lockouts).toEqual([15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
  });

  it("forgets failures within the window once the right password gets in", async () => {
    const throttle = new LoginThrottle(memoryLimiters());
    await wrongTries(throttle, 4, "ada@example.com");
    expect(await signIn(throttle, "ada@example.com", PASSWORD)).toEqual({ user: { email: "ada@example.com" } });
    const next = await wrongTries(throttle, 4, "ada@example.com");
    expect(next.every((r) => r.user === null && r.lockout === null)).toBe(true);
  });

  it("forgets failures older than the window", async () => {
    const throttle = new LoginThrottle(memoryLimiters());
    await wrongTries(throttle, 4, "ada@example.com");
    vi.advanceTimersByTime(15 * MINUTE);
    const next = await wrongTries(throttle, 4, "ada@example.com");
    expect(next.every((r) => r.user === null && r.lockout === null)).toBe(true);
  });

  it("locks a client address that tries a few passwords on many accounts, and only that address", async () => {
    const throttle = new LoginThrottle(memoryLimiters());
    for (let i = 0; i < 10; i++) await wrongTries(throttle, 3, `user${i}@example.com`, "203.0.113.9");
    expect(await signIn(throttle, "grace@example.com", PASSWORD, "203.0.113.9")).toMatchObject({
      user: null,
      lockout: { scope: "address", retryAfterMs: 15 * MINUTE },
    });
    expect(await signIn(throttle, "grace@example.com", PASSWORD, "203.0.113.10")).toEqual({ user: { email: "grace@example.com" } });
  });

  it("counts an IPv6 client by its /64, so rotating addresses within it does not help", async () => {
    const throttle = new LoginThrottle(memoryLimiters());
    for (let i = 0; i < 30; i++) await signIn(throttle, `user${i}@example.com`, "guess", `2001:db8:1:2::${(i + 1).toString(16)}`);
    expect(await signIn(throttle, "grace@example.com", PASSWORD, "2001:db8:1:2:ffff::1")).toMatchObject({ lockout: { scope: "address" } });
    expect(await signIn(throttle, "grace@example.com", PASSWORD, "2001:db8:1:3::1")).toEqual({ user: { email: "grace@example.com" } });
  });

  it("without a known address, still counts per account", async () => {
    const throttle = new LoginThrottle(memoryLimiters());
    await wrongTries(throttle, 5, "ada@example.com", null);
    expect(await signIn(throttle, "ada@example.com", PASSWORD, null)).toMatchObject({ user: null, lockout: { scope: "account" } });
  });
});

describe("LoginThrottle in Redis", () => {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const prefix = `test:login-throttle:${randomUUID()}:`;
  const client = createRedisClient(url, { name: "login-throttle test", commandTimeoutMs: 1_000 });
  // Short windows, so a lock can lift within the test: Redis keeps its own time, which fake timers cannot move.
  const policy = { maxFailures: 5, windowSeconds: 60, lockoutSeconds: 1, maxLockoutSeconds: 60, rememberLockoutsSeconds: 60 };

  afterAll(async () => {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length) await client.del(keys);
    client.destroy();
  });

  it("shares counts between instances: one locks the account, another refuses it, and the lock lifts", async () => {
    await waitUntilReady(client, 5_000);
    const one = new LoginThrottle(redisLimiters(client, prefix), { account: policy, address: policy });
    const other = new LoginThrottle(redisLimiters(client, prefix), { account: policy, address: policy });
    const account = `ada-${randomUUID()}@example.com`;

    const results = await wrongTries(one, 20, account, null);
    expect(results[4]).toMatchObject({ user: null, lockout: { scope: "account" } });
    expect(await signIn(other, account, PASSWORD, null)).toMatchObject({ user: null, lockout: { scope: "account" } });
    expect(await signIn(other, `grace-${randomUUID()}@example.com`, PASSWORD, null)).toMatchObject({ user: {} });
    // The keys are under the prefix, and name no email.
    const keys = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...batch);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(" ")).not.toContain("example.com");

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await signIn(other, account, PASSWORD, null)).toEqual({ user: { email: account } });
  });
});
