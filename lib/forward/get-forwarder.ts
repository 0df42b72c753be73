import { serverEnv } from "../config/env";
import { getStore } from "../store/store";
import { Forwarder } from "./forwarder";
import { MemoryForwardState } from "./memory-forward-state";
import { RedisForwardState } from "./redis-forward-state";

// One forwarder per process, beside the one store (see store.ts), so hot reloads keep its progress.
const holder = globalThis as typeof globalThis & { __forwarder?: Forwarder | null };

/** Push delivery as configured (AUTOPLAY_FORWARD_URLS), or null when it is off. */
export function getForwarder(): Forwarder | null {
  if (holder.__forwarder !== undefined) return holder.__forwarder;
  const { forward, store } = serverEnv();
  holder.__forwarder = forward
    ? new Forwarder({
        store: getStore(),
        // With Redis, progress is shared: any instance resumes a target another one was serving.
        state: store.redis ? new RedisForwardState({ url: store.redis.url, keyPrefix: store.redis.keyPrefix }) : new MemoryForwardState(),
        urls: forward.urls,
        secret: forward.secret,
        leaseMs: forward.leaseSeconds * 1000,
      })
    : null;
  return holder.__forwarder;
}
