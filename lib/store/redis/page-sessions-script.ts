import { luaScript } from "./lua-script";

/**
 * One page of an activity index (a sorted set of session ids scored by last_seen), most recent first,
 * strictly after a cursor: the cursor's score and id, since equal scores are ordered by id. ZRANGE BYSCORE
 * starts at the cursor's score; only sessions sharing that score need skipping, compared byte by byte as
 * the sorted set orders them (Lua's own `<` follows the server's locale).
 * KEYS: the index. ARGV: cursor score ("" for the first page), cursor session id, limit.
 * Returns: the page's session ids, in order.
 */
export const pageSessionsScript = luaScript(`
local key, cursorScore, cursorId, limit = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
if cursorScore == '' then
  return redis.call('ZRANGE', key, '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, limit)
end
local function bytesBefore(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local score = tonumber(cursorScore)
local page, offset = {}, 0
while #page < limit do
  local batch = redis.call('ZRANGE', key, cursorScore, '-inf', 'BYSCORE', 'REV', 'LIMIT', offset, limit + 16, 'WITHSCORES')
  if #batch == 0 then break end
  for i = 1, #batch, 2 do
    if tonumber(batch[i + 1]) < score or bytesBefore(batch[i], cursorId) then
      page[#page + 1] = batch[i]
      if #page == limit then break end
    end
  end
  offset = offset + #batch / 2
end
return page
`);
