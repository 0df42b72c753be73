import { luaScript } from "./lua-script";

/**
 * Links a session to a conversation once, atomically across instances.
 * The link lives in a key of its own beside the session hash (`redisKeys().conversation`, under the same hash
 * tag), written only by this script, so linking never races the record script's rewrite of the hash.
 * KEYS: session hash, conversation key. ARGV: conversation id, ttl (s).
 * Returns: { outcome, linked conversation id or false }.
 */
export const linkConversationScript = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return { 'no_session', false } end
local linked = redis.call('GET', KEYS[2])
if linked then
  if linked == ARGV[1] then return { 'already_linked', linked } end
  return { 'conflict', linked }
end
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
return { 'linked', ARGV[1] }
`);
