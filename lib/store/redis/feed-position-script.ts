import { luaScript } from "./lua-script";

/**
 * The feed's state as one consistent reading, for a subscriber deciding where it can resume (feed-id.ts): the
 * epoch (created if Redis has none, as the record script does), the newest id the stream ever issued (kept by
 * Redis even once every entry is trimmed), and the newest id trimmed away ("" if none): the `prev` of the first
 * entry still held (both from one XINFO) (the record script writes each entry with the id of the one before it), or, once every entry
 * is trimmed, the last one issued. An entry written before entries had `prev` counts as having none before it.
 *
 * KEYS: feed epoch, feed stream. ARGV: a new epoch in case there is none.
 * Returns: { epoch, last generated id ("0-0" before the first entry), trimmed-through id or "" }.
 */
export const feedPositionScript = luaScript(`
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[1], epoch)
end
local last = '0-0'
local first = false
local info = redis.pcall('XINFO', 'STREAM', KEYS[2])
if type(info) == 'table' and info.err == nil then
  for i = 1, #info - 1, 2 do
    if info[i] == 'last-generated-id' then last = info[i + 1] end
    if info[i] == 'first-entry' then first = info[i + 1] end
  end
end
local trimmed = ''
if first then
  local fields = first[2]
  for i = 1, #fields - 1, 2 do
    if fields[i] == 'prev' then trimmed = fields[i + 1] end
  end
elseif last ~= '0-0' then
  trimmed = last
end
return { epoch, last, trimmed }
`);

export type FeedPositionReading = { epoch: string; latest: string; trimmedThrough: string | null };

export function readingFrom(reply: unknown): FeedPositionReading {
  const [epoch, latest, trimmed] = reply as [string, string, string];
  return { epoch, latest, trimmedThrough: trimmed === "" ? null : trimmed };
}
