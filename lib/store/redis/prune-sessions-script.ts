import { luaScript } from "./lua-script";

/**
 * Drops ids whose session hash has expired (by TTL) from the given indexes. Checked inside Redis, so a
 * session recreated between the caller's read and this call is kept.
 * KEYS: the indexes to clean. ARGV: key tag, then the candidate session ids.
 */
export const pruneSessionsScript = luaScript(`
for i = 2, #ARGV do
  if redis.call('EXISTS', ARGV[1] .. 'session:' .. ARGV[i]) == 0 then
    for _, key in ipairs(KEYS) do redis.call('ZREM', key, ARGV[i]) end
  end
end
return 0
`);
