import { createClient } from "redis";
import { afterAll, describe, expect, it } from "vitest";
import type { ForwardState } from "./forward-state";
import { MemoryForwardState } from "./memory-forward-state";
import { RedisForwardState } from "./redis-forward-state";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test:fwdstate-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}:`;
const redisStates: RedisForwardState[] = [];

afterAll(async () => {
  for (const state of redisStates) state.close();
  const admin = createClient({ url: REDIS_URL });
  await admin.connect();
  const keys = await admin.keys(`*${prefix}*`);
  if (keys.length > 0) await admin.del(keys);
  admin.destroy();
});

const backends: [string, () => ForwardState][] = [
  ["memory", () => new MemoryForwardState()],
  [
    "redis",
    () => {
      const state = new RedisForwardState({ url: REDIS_URL, keyPrefix: prefix });
      redisStates.push(state);
      return state;
    },
  ],
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const [name, make] of backends) {
  describe(`ForwardState: ${name}`, () => {
    it("gives a target to one drainer at a time, and to the next once it is released", async () => {
      const state = make();
      const target = `http://t/${Math.random()}`;
      const token = await state.acquire(target, 5_000);
      expect(token).not.toBeNull();
      expect(await state.acquire(target, 5_000)).toBeNull();
      await state.release(target, token!);
      expect(await state.acquire(target, 5_000)).not.toBeNull();
    });

    it("moves the cursor only from where the drainer saw it, so a stalled drainer never winds it back", async () => {
      const state = make();
      const target = `http://t/${Math.random()}`;
      const slow = (await state.acquire(target, 50))!;
      await sleep(80); // the slow drainer's lease lapses; another takes the target and moves on
      const fast = (await state.acquire(target, 5_000))!;
      expect(await state.advance(target, fast, null, "7", 5_000)).toBe(true);
      await state.release(target, fast);
      // The lease is free again, but the slow drainer's view of the cursor is stale: refused.
      expect(await state.advance(target, slow, null, "3", 5_000)).toBe(false);
      expect(await state.cursor(target)).toBe("7");
    });

    it("lets a drainer whose lease lapsed untaken carry on (a slow step, not a dead drainer)", async () => {
      const state = make();
      const target = `http://t/${Math.random()}`;
      const token = (await state.acquire(target, 50))!;
      await sleep(80);
      expect(await state.renew(target, token, 5_000)).toBe(true);
      expect(await state.advance(target, token, null, "1", 5_000)).toBe(true);
      expect(await state.acquire(target, 5_000)).toBeNull();
    });

    it("sets a first cursor only once", async () => {
      const state = make();
      const target = `http://t/${Math.random()}`;
      await state.initCursor(target, "5");
      await state.initCursor(target, "9");
      expect(await state.cursor(target)).toBe("5");
    });
  });
}
