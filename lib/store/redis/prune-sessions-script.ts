import { luaScript } from "./lua-script";

/**
 * Drops ids whose session hash has expired from the sessions index. Checked inside Redis, so a session
 * recreated between the caller's read and this call is kept.
 * KEYS: sessions index. ARGV: key prefix, then the candidate session ids.
 */
export const pruneSessionsScript = luaScript(`
for i = 2, #ARGV do
  if redis.call('EXISTS', ARGV[1] .. 'session:' .. ARGV[i]) == 0 then redis.call('ZREM', KEYS[1], ARGV[i]) end
end
return 0
`);
