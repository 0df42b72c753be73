import { createHash } from "node:crypto";
import type { RedisClient } from "./redis-client";

export type LuaScript = { source: string; sha1: string };

export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash("sha1").update(source).digest("hex") };
}

/**
 * EVALSHA, falling back to EVAL when Redis has not cached the script yet (first use, or after a restart
 * emptied its script cache). Usually one round trip with a 40-byte script reference.
 */
export async function runScript(client: RedisClient, script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
  const rest = [String(keys.length), ...keys, ...args];
  try {
    return await client.sendCommand(["EVALSHA", script.sha1, ...rest]);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return await client.sendCommand(["EVAL", script.source, ...rest]);
  }
}
