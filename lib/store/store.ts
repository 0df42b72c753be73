import { serverEnv, type ServerEnv } from "../config/env";
import type { ActivityStore } from "./activity-store";
import { MemoryStore } from "./memory-store";
import { RedisStore } from "./redis-store";

// One store per process, kept on globalThis so `next dev` hot reloads neither drop what was received so far
// nor open another Redis connection on every edit.
const holder = globalThis as typeof globalThis & { __activityStore?: ActivityStore };

export function getStore(): ActivityStore {
  holder.__activityStore ??= createStore(serverEnv().store);
  return holder.__activityStore;
}

/** Redis when configured (REDIS_URL or KV_URL: required on Vercel, see env.ts), else in memory. */
function createStore({ redis, ...limits }: ServerEnv["store"]): ActivityStore {
  return redis ? new RedisStore({ ...limits, url: redis.url, keyPrefix: redis.keyPrefix }) : new MemoryStore(limits);
}
