import { createHash, randomUUID } from "node:crypto";
import { luaScript, runScript } from "../store/redis/lua-script";
import { createRedisClient, toStoreError, waitUntilReady, withDeadline, type RedisClient } from "../store/redis/redis-client";
import { redisKeys } from "../store/redis/redis-keys";
import type { PostOutcome } from "./post-payload";
import { emptyStatus, type ForwardState, type TargetStatus } from "./forward-state";

/**
 * KEYS: lease. ARGV: token, ttl ms. Extends the lease while it is ours, or takes it back if it expired and
 * nobody else took it (a slow step, not a dead drainer).
 */
const renewScript = luaScript(`
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

/**
 * KEYS: lease, cursor. ARGV: token, ttl ms, expected cursor ("" for none), new cursor. Moves the cursor only for
 * the lease holder (as renew) and only from where this drainer last saw it: a drainer that stalled while another
 * moved on never winds the cursor back.
 */
const advanceScript = luaScript(`
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[3] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[4])
return 1
`);

/** KEYS: lease. ARGV: token. */
const releaseScript = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * Push progress shared by every instance, in the same Redis as the store (its own small keys under the
 * same prefix): the cursor survives a restart, and the lease hands a dead instance's target to another.
 */
export class RedisForwardState implements ForwardState {
  private client: RedisClient | null = null;

  constructor(private readonly options: { url: string; keyPrefix: string; commandTimeoutMs?: number }) {}

  private keys(target: string) {
    const id = createHash("sha256").update(target).digest("hex").slice(0, 16);
    // Under the store's hash tag (redis-keys.ts), so the advance script's cursor and lease share a Cluster slot.
    const base = `${redisKeys(this.options.keyPrefix).tag}forward:${id}:`;
    return { cursor: `${base}cursor`, lease: `${base}lease`, status: `${base}status` };
  }

  private async run<T>(command: (redis: RedisClient) => Promise<T>): Promise<T> {
    const timeout = this.options.commandTimeoutMs ?? 1_500;
    const redis = (this.client ??= createRedisClient(this.options.url, {
      name: `${this.options.keyPrefix}forward`,
      commandTimeoutMs: timeout,
    }));
    try {
      await waitUntilReady(redis, timeout);
      return await withDeadline(command(redis), timeout);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async cursor(target: string) {
    return this.run((redis) => redis.get(this.keys(target).cursor));
  }

  async initCursor(target: string, cursor: string) {
    await this.run((redis) => redis.set(this.keys(target).cursor, cursor, { NX: true }));
  }

  async acquire(target: string, ttlMs: number) {
    const token = randomUUID();
    const ok = await this.run((redis) => redis.set(this.keys(target).lease, token, { NX: true, PX: ttlMs }));
    return ok === "OK" ? token : null;
  }

  async renew(target: string, token: string, ttlMs: number) {
    const keys = this.keys(target);
    return (await this.run((redis) => runScript(redis, renewScript, [keys.lease], [token, String(ttlMs)]))) === 1;
  }

  async advance(target: string, token: string, from: string | null, cursor: string, ttlMs: number) {
    const keys = this.keys(target);
    const args = [token, String(ttlMs), from ?? "", cursor];
    return (await this.run((redis) => runScript(redis, advanceScript, [keys.lease, keys.cursor], args))) === 1;
  }

  async release(target: string, token: string) {
    const keys = this.keys(target);
    await this.run((redis) => runScript(redis, releaseScript, [keys.lease], [token]));
  }

  async noteAttempt(target: string, outcome: PostOutcome, result: "delivered" | "rejected" | "retrying", at: number) {
    const key = this.keys(target).status;
    await this.run((redis) => {
      const multi = redis.multi().hSet(key, { last_outcome: JSON.stringify(outcome), last_attempt_at: String(at) });
      if (result === "delivered") multi.hIncrBy(key, "delivered", 1).hSet(key, "last_delivered_at", String(at));
      if (result === "rejected") multi.hIncrBy(key, "rejected", 1);
      return multi.exec();
    });
  }

  async status(target: string): Promise<TargetStatus> {
    const hash = await this.run((redis) => redis.hGetAll(this.keys(target).status));
    const number = (name: string) => (hash[name] === undefined ? null : Number(hash[name]));
    return {
      ...emptyStatus(target),
      last_outcome: hash.last_outcome ? (JSON.parse(hash.last_outcome) as PostOutcome) : null,
      last_attempt_at: number("last_attempt_at"),
      last_delivered_at: number("last_delivered_at"),
      delivered: number("delivered") ?? 0,
      rejected: number("rejected") ?? 0,
    };
  }

  close(): void {
    this.client?.destroy();
    this.client = null;
  }
}
