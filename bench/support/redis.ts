import { createClient } from "redis";

/** The Redis the Redis-store benchmarks use; each run keeps to a key prefix of its own and deletes it after. */
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Whether the server really stores in Redis: after one delivery, keys with its prefix exist. */
export async function redisKeys(prefix: string): Promise<string[]> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
  client.on("error", () => {});
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `{${prefix}}*`, COUNT: 1000 })) keys.push(...batch);
    return keys;
  } finally {
    await client.quit();
  }
}

export async function dropRedisKeys(prefix: string): Promise<void> {
  const keys = await redisKeys(prefix).catch(() => []);
  if (keys.length === 0) return;
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
  client.on("error", () => {});
  await client.connect();
  try {
    for (let i = 0; i < keys.length; i += 500) await client.del(keys.slice(i, i + 500));
  } finally {
    await client.quit();
  }
}

