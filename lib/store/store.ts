import { serverEnv } from "../config/env";
import type { ActivityStore } from "./activity-store";
import { MemoryStore } from "./memory-store";

// One store per process, kept on globalThis so `next dev` hot reloads don't drop everything received so far.
const holder = globalThis as typeof globalThis & { __activityStore?: ActivityStore };

export function getStore(): ActivityStore {
  holder.__activityStore ??= new MemoryStore(serverEnv().store);
  return holder.__activityStore;
}
