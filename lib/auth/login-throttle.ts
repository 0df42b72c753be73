import { createHash } from "node:crypto";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { addressKey } from "../http/client-address";
import { createRedisClient, waitUntilReady, type RedisClient } from "../store/redis/redis-client";

/** How many failures a scope (one account, or one client address) may have before it is locked. */
export type ThrottlePolicy = {
  /** Failed sign-ins allowed within the window; the last of them locks the scope. */
  maxFailures: number;
  /** The window, counted from the first failure. */
  windowSeconds: number;
  /** The first lockout; each further lockout within `rememberLockoutsSeconds` of the end of the previous one doubles it. */
  lockoutSeconds: number;
  maxLockoutSeconds: number;
  rememberLockoutsSeconds: number;
};

/**
 * Per account: a guesser gets 5 tries per quarter hour, then waits 15 min, 30, 1 h… up to a day.
 * Per address: more, because many people can share one (an office, a mobile carrier's NAT), but bounded, so
 * one client cannot try a few passwords on every account.
 */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  windowSeconds: 15 * 60,
  lockoutSeconds: 15 * 60,
  maxLockoutSeconds: 24 * 3600,
  rememberLockoutsSeconds: 24 * 3600,
};
export const ADDRESS_POLICY: ThrottlePolicy = {
  maxFailures: 30,
  windowSeconds: 15 * 60,
  lockoutSeconds: 15 * 60,
  maxLockoutSeconds: 24 * 3600,
  rememberLockoutsSeconds: 24 * 3600,
};

export type LoginAttempt = {
  /** The email as typed; compared case-insensitively. */
  account: string;
  /** The client's address (lib/http/client-address.ts), or null when unknown: then only the account counts. */
  address: string | null;
};

export type Lockout = { scope: "account" | "address"; retryAfterMs: number };

/** Where the counters live: rate-limiter-flexible limiters of one store, and a wait for that store. */
export type LimiterBackend = {
  create(name: string, points: number, durationSeconds: number): RateLimiterAbstract;
  /** Resolves once the store can answer, or soon enough that the limiters fall back on their own. */
  ready(): Promise<void>;
};

/** One scope's counters: attempts in the current window, and lockouts remembered to make the next one longer. */
class FailureCounter {
  private readonly failures: RateLimiterAbstract;
  private readonly lockouts: RateLimiterAbstract;

  constructor(
    readonly scope: Lockout["scope"],
    private readonly policy: ThrottlePolicy,
    { create }: LimiterBackend,
  ) {
    this.failures = create(`${scope}-failures`, policy.maxFailures, policy.windowSeconds);
    // Only counted, never used to refuse: the points just have to exceed any realistic number of lockouts.
    this.lockouts = create(`${scope}-lockouts`, 1_000_000, policy.rememberLockoutsSeconds);
  }

  /**
   * Counts an attempt before its password is checked (one atomic increment), so guesses sent in parallel cannot
   * all get in before the lock: past the allowance, or while locked, the attempt is refused.
   */
  async charge(key: string): Promise<{ count: number; lockout: Lockout | null }> {
    const res = await this.failures.penalty(key, 1);
    const over = res.consumedPoints > this.policy.maxFailures && res.msBeforeNext > 0;
    return { count: res.consumedPoints, lockout: over ? { scope: this.scope, retryAfterMs: res.msBeforeNext } : null };
  }

  /** After a wrong password: locks the scope when that attempt was the last one allowed. */
  async failed(key: string, count: number): Promise<Lockout | null> {
    if (count < this.policy.maxFailures) return null;
    const { consumedPoints: lockouts } = await this.lockouts.penalty(key, 1);
    const seconds = Math.min(this.policy.lockoutSeconds * 2 ** Math.min(lockouts - 1, 30), this.policy.maxLockoutSeconds);
    // Remembered from the end of the latest lockout, not the first, so a patient guesser keeps the long waits.
    await this.lockouts.set(key, lockouts, seconds + this.policy.rememberLockoutsSeconds);
    const blocked = await this.failures.block(key, seconds);
    return { scope: this.scope, retryAfterMs: blocked.msBeforeNext };
  }

  /** A right password: the account's failures are forgiven (not its lockout history, which makes the next one longer). */
  async clear(key: string): Promise<void> {
    await this.failures.delete(key);
  }

  /** A right password: the attempt is taken off the address's count (others behind it keep theirs). */
  async refund(key: string): Promise<void> {
    await this.failures.reward(key, 1);
  }
}

/**
 * Limits password guessing (issue 8 §5): attempts are counted per account and per client address, and a
 * locked account is refused even with the right password, so a guesser learns nothing while locked. Attempts
 * while locked do not make the lock longer, so it cannot be stretched by someone hammering it.
 */
export class LoginThrottle {
  private readonly account: FailureCounter;
  private readonly address: FailureCounter;

  constructor(
    private readonly backend: LimiterBackend,
    policies: { account?: ThrottlePolicy; address?: ThrottlePolicy } = {},
  ) {
    this.account = new FailureCounter("account", policies.account ?? ACCOUNT_POLICY, backend);
    this.address = new FailureCounter("address", policies.address ?? ADDRESS_POLICY, backend);
  }

  /**
   * Checks a password under the throttle: a locked account or address is refused without `verify` being
   * called (with the longer of the two waits), a wrong password counts against both, a right one clears the
   * account's failures.
   */
  async attempt<User>(attempt: LoginAttempt, verify: () => User | null): Promise<{ user: User } | { user: null; lockout: Lockout | null }> {
    await this.backend.ready();
    const { account, address } = keys(attempt);
    const [byAccount, byAddress] = await Promise.all([this.account.charge(account), address ? this.address.charge(address) : null]);
    const refused = longest([byAccount.lockout, byAddress?.lockout ?? null]);
    if (refused) return { user: null, lockout: refused };

    const user = verify();
    if (user !== null) {
      await Promise.all([this.account.clear(account), address ? this.address.refund(address) : null]);
      return { user };
    }
    const locked = await Promise.all([
      this.account.failed(account, byAccount.count),
      address && byAddress ? this.address.failed(address, byAddress.count) : null,
    ]);
    return { user: null, lockout: longest(locked) };
  }
}

function keys({ account, address }: LoginAttempt): { account: string; address: string | null } {
  // Hashed: emails don't belong in Redis key names, and any length or character becomes a short safe key.
  const normalised = account.trim().toLowerCase();
  return {
    account: createHash("sha256").update(normalised, "utf8").digest("base64url").slice(0, 32),
    address: address === null ? null : addressKey(address),
  };
}

function longest(lockouts: (Lockout | null)[]): Lockout | null {
  return lockouts.reduce<Lockout | null>((a, b) => (!a ? b : !b ? a : b.retryAfterMs > a.retryAfterMs ? b : a), null);
}

/** Counters in this process only: right for one instance (`next start`, `npm run dev`). */
export function memoryLimiters(): LimiterBackend {
  return {
    create: (name, points, duration) => new RateLimiterMemory({ keyPrefix: name, points, duration }),
    ready: async () => {},
  };
}

const REDIS_TIMEOUT_MS = 1_000;

/**
 * Counters in Redis, shared by every instance (Vercel runs many), so a guesser cannot spread tries across
 * them. While Redis does not answer, each instance counts in its own memory instead (rate-limiter-flexible's
 * insurance limiter) rather than letting every attempt through or refusing every sign-in.
 */
export function redisLimiters(client: RedisClient, keyPrefix: string): LimiterBackend {
  return {
    create: (name, points, duration) =>
      new RateLimiterRedis({
        storeClient: client,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        keyPrefix: `${keyPrefix}${name}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
      }),
    // A cold process's first sign-in waits briefly for the connection rather than going to the fallback.
    ready: () => waitUntilReady(client, REDIS_TIMEOUT_MS).catch(() => {}),
  };
}

// One throttle per process, on globalThis so `next dev` reloads keep the counts and the connection.
const holder = globalThis as typeof globalThis & { __loginThrottle?: LoginThrottle };

/** The process's throttle: in Redis when the store is (REDIS_URL or KV_URL), in memory otherwise. */
export function loginThrottle(redis: { url: string; keyPrefix: string } | null): LoginThrottle {
  holder.__loginThrottle ??= new LoginThrottle(
    redis
      ? redisLimiters(createRedisClient(redis.url, { name: "autoplay login throttle", commandTimeoutMs: REDIS_TIMEOUT_MS }), `${redis.keyPrefix}login:`)
      : memoryLimiters(),
  );
  return holder.__loginThrottle;
}
