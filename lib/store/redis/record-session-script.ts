import type { StoredAction } from "../../activity/stored-action";
import type { SessionEvent } from "../activity-store";
import type { RedisKeys } from "./redis-keys";
import { emailKey } from "../../activity/session-filter";
import { newEpoch } from "../feed-id";
import { luaScript } from "./lua-script";

/**
 * Applies one session's events in one atomic round trip: de-duplicate, insert the actions, fold the summary
 * (a faithful port of applySessionEvent, pinned by the store contract suite), evict, and append the feed
 * entry, so every instance sees the same session and the feed order matches the order of changes.
 *
 * Numbers never go through Lua's number formatting (14 significant digits): timestamps travel and are stored
 * as the text JavaScript wrote, and are only converted for comparisons. JSON is assembled by hand because
 * cjson writes an empty list as `{}`. Actions are sorted-set members beginning with `{"event_id":`, so equal
 * timestamps order by event id, as compareActions does.
 *
 * Indexes are kept here too, in the same atomic step: the session in the activity index (all, and identified
 * or anonymous) scored by last_seen, and under its user id and lower-cased email (moved when they change).
 * Eviction takes the least recently active from the same index and removes the evicted session from every
 * index, so listing, search and eviction agree by construction.
 *
 * De-duplication is per session (see SessionDedupe): a sorted set of the event ids applied, scored by event
 * time, living and dying with the session and capped; past the cap the oldest ids go, and any event at or
 * before the latest forgotten time (`dedupe_horizon` in the hash) counts as seen.
 *
 * The feed entry carries the feed's epoch (created here with SET NX if Redis has none, e.g. after a flush), so
 * every reader labels it with the generation it was written in, and the id of the entry written before it
 * (`prev`, kept in a small key): Redis records nothing of what XTRIM removes, so the first entry still held
 * names the newest one trimmed, which tells a resuming client whether it missed anything (feed-position-script.ts).
 * The feed is then trimmed by number and by age (MINID, measured on the new entry's id, which is Redis's clock),
 * exactly. Reading the trimmed entry back to remember its id instead cost a copy of its data per write.
 *
 * KEYS: session hash, actions zset, activity index, identified index, anonymous index, feed stream, the
 *       session's dedupe zset, feed epoch, feed's newest id. Derived keys (user, email, evicted sessions) share the hash tag.
 * ARGV: key tag, max actions, max sessions, session ttl (s), dedupe capacity, feed retention, session id,
 *       the JSON list of every session id the delivery writes (spared by eviction), a new epoch in case there
 *       is none, the feed's retention in ms, then each event as JSON (strings only: see toScriptEvent).
 * Returns: one letter per event ("s" stored, "d" duplicate) and the feed entry's id (false if none).
 */
const SOURCE = `
local hashKey, actionsKey, indexKey, identifiedKey, anonymousKey, feedKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local dedupeKey, epochKey, lastKey = KEYS[7], KEYS[8], KEYS[9]
local tag, sessionId = ARGV[1], ARGV[7]
local maxActions, maxSessions, dedupeCapacity = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[5])
local sessionTtl, retention = ARGV[4], ARGV[6]
local newEpoch, retentionMs = ARGV[9], tonumber(ARGV[10])
local FIRST_EVENT_ARG = 11

local function given(v) return v ~= nil and v ~= cjson.null end
local function text(v) if v == nil then return 'null' end return cjson.encode(v) end

local s = nil
local stored = redis.call('HGETALL', hashKey)
if #stored > 0 then
  s = {}
  for i = 1, #stored, 2 do s[stored[i]] = stored[i + 1] end
end
local oldUser, oldEmailKey = s and s.user_id, s and s.email_key

local horizon = s and s.dedupe_horizon and tonumber(s.dedupe_horizon) or nil
-- How many of the session's actions the cap removed: indices count the whole session, evicted ones included.
local evictedBefore = tonumber(s and s.evicted or '0')
local evicted = evictedBefore
local outcomes, added, changed = {}, {}, false
for i = 1, #ARGV - (FIRST_EVENT_ARG - 1) do
  local ev = cjson.decode(ARGV[FIRST_EVENT_ARG - 1 + i])
  local ts = tonumber(ev.ts)
  if (horizon and ts <= horizon) or redis.call('ZADD', dedupeKey, 'NX', ev.ts, ev.id) == 0 then
    outcomes[i] = 'd'
  else
    outcomes[i] = 's'
    changed = true
    if given(ev.action) then
      redis.call('ZADD', actionsKey, ev.action_ts, ev.action)
      local excess = redis.call('ZCARD', actionsKey) - maxActions
      if excess > 0 then evicted = evicted + redis.call('ZREMRANGEBYRANK', actionsKey, 0, excess - 1) end
      added[#added + 1] = ev.action
    end

    if s == nil then
      s = { session_id = sessionId, product_id = ev.product_id, first_seen = ev.ts, last_seen = ev.ts }
    end
    local isLatest = ts >= tonumber(s.last_seen)
    if given(ev.user_id) then
      if s.user_id == nil or s.identified_at == nil or ts < tonumber(s.identified_at) then
        s.user_id = ev.user_id
        s.identified_at = ev.ts
      end
    end
    if given(ev.email) and (s.email == nil or isLatest) then
      s.email = ev.email
      s.email_key = ev.email_key
    end
    local url = nil
    if given(ev.current_url) and ev.current_url ~= '' then url = ev.current_url end
    if isLatest then
      s.product_id = ev.product_id
      if url then s.current_url = url end
    elseif s.current_url == nil and url then
      s.current_url = url
    end
    if ts < tonumber(s.first_seen) then s.first_seen = ev.ts end
    if ts > tonumber(s.last_seen) then s.last_seen = ev.ts end
  end
end

if not changed then return { table.concat(outcomes), false } end

local remembered = redis.call('ZCARD', dedupeKey)
if remembered > dedupeCapacity then
  local forgotten = redis.call('ZRANGE', dedupeKey, remembered - dedupeCapacity - 1, remembered - dedupeCapacity - 1, 'WITHSCORES')
  redis.call('ZREMRANGEBYRANK', dedupeKey, 0, remembered - dedupeCapacity - 1)
  s.dedupe_horizon = forgotten[2]
end
redis.call('EXPIRE', dedupeKey, sessionTtl)

local count = redis.call('ZCARD', actionsKey)
s.action_count = tostring(count)
s.evicted = tostring(evicted)
local fields = {}
for _, name in ipairs({ 'session_id', 'user_id', 'email', 'email_key', 'product_id', 'first_seen', 'last_seen',
                        'identified_at', 'current_url', 'action_count', 'dedupe_horizon', 'evicted' }) do
  if s[name] ~= nil then
    fields[#fields + 1] = name
    fields[#fields + 1] = s[name]
  end
end
redis.call('HSET', hashKey, unpack(fields))
redis.call('EXPIRE', hashKey, sessionTtl)
if count > 0 then redis.call('EXPIRE', actionsKey, sessionTtl) end
redis.call('ZADD', indexKey, s.last_seen, sessionId)
if s.user_id then
  redis.call('ZADD', identifiedKey, s.last_seen, sessionId)
  redis.call('ZREM', anonymousKey, sessionId)
else
  redis.call('ZADD', anonymousKey, s.last_seen, sessionId)
end
local function lookup(kind, old, new)
  if old and old ~= new then redis.call('ZREM', tag .. kind .. old, sessionId) end
  if new then
    redis.call('ZADD', tag .. kind .. new, s.last_seen, sessionId)
    redis.call('EXPIRE', tag .. kind .. new, sessionTtl)
  end
end
lookup('user:', oldUser, s.user_id)
lookup('email:', oldEmailKey, s.email_key)

-- The least recently active go first; never a session this delivery writes (its events were acknowledged).
-- Should those alone exceed the cap, the index holds more for a moment and the next write trims it.
local excess = redis.call('ZCARD', indexKey) - maxSessions
if excess > 0 then
  local writing, spared = {}, 0
  for _, id in ipairs(cjson.decode(ARGV[8])) do
    writing[id] = true
    spared = spared + 1
  end
  local gone = 0
  for _, id in ipairs(redis.call('ZRANGE', indexKey, 0, excess + spared - 1)) do
    if gone == excess then break end
    if not writing[id] then
      gone = gone + 1
      local who = redis.call('HMGET', tag .. 'session:' .. id, 'user_id', 'email_key')
      redis.call('ZREM', indexKey, id)
      redis.call('ZREM', identifiedKey, id)
      redis.call('ZREM', anonymousKey, id)
      if who[1] then redis.call('ZREM', tag .. 'user:' .. who[1], id) end
      if who[2] then redis.call('ZREM', tag .. 'email:' .. who[2], id) end
      redis.call('DEL', tag .. 'session:' .. id, tag .. 'actions:' .. id, tag .. 'dedupe:' .. id)
    end
  end
end

-- Positions are read after every insert of this call, so out-of-order arrivals get their final place.
local actions, newRanks, lostNew, firstNew = {}, {}, false, nil
for _, member in ipairs(added) do
  local rank = redis.call('ZRANK', actionsKey, member)
  if rank then
    actions[#actions + 1] = string.sub(member, 1, -2) .. ',"index":' .. (evicted + rank) .. '}'
    newRanks[rank] = true
    if firstNew == nil or rank < firstNew then firstNew = rank end
  else
    lostNew = true
  end
end
-- A late action moved what was announced: from its own place, or (evicted at once, older than every retained
-- action) from the first retained index before this call.
local lastHeld = count - 1
while lastHeld >= 0 and newRanks[lastHeld] do lastHeld = lastHeld - 1 end
local reindexed = ''
if lastHeld >= 0 and lostNew then
  reindexed = ',"reindexed_from":' .. evictedBefore
elseif lastHeld >= 0 and firstNew ~= nil and firstNew < lastHeld then
  reindexed = ',"reindexed_from":' .. (evicted + firstNew)
end
local session = '{"session_id":' .. text(s.session_id) .. ',"user_id":' .. text(s.user_id)
  .. ',"email":' .. text(s.email) .. ',"product_id":' .. text(s.product_id)
  .. ',"first_seen":' .. s.first_seen .. ',"last_seen":' .. s.last_seen
  .. ',"identified_at":' .. (s.identified_at or 'null') .. ',"current_url":' .. text(s.current_url)
  .. ',"action_count":' .. s.action_count .. '}'
local became = {}
if s.user_id and s.user_id ~= oldUser then became[#became + 1] = '"user"' end
if s.email_key and s.email_key ~= oldEmailKey then became[#became + 1] = '"email"' end
local identity = ''
if #became > 0 then identity = ',"became":[' .. table.concat(became, ',') .. ']' end
local data = '{"session":' .. session .. ',"actions":[' .. table.concat(actions, ',') .. ']' .. identity .. reindexed
  .. ',"total_sessions":' .. redis.call('ZCARD', indexKey) .. '}'
local epoch = redis.call('GET', epochKey)
if not epoch then
  epoch = newEpoch
  redis.call('SET', epochKey, epoch)
end
local prev = redis.call('GET', lastKey) or ''
local id = redis.call('XADD', feedKey, '*', 'data', data, 'epoch', epoch, 'prev', prev)
redis.call('SET', lastKey, id)
redis.call('XTRIM', feedKey, 'MAXLEN', retention)
local oldest = string.format('%.0f', tonumber(string.match(id, '^(%d+)')) - retentionMs) .. '-0'
redis.call('XTRIM', feedKey, 'MINID', oldest)
return { table.concat(outcomes), id }
`;

export const recordSessionScript = luaScript(SOURCE);

export type RecordSessionLimits = {
  maxActionsPerSession: number;
  maxSessions: number;
  sessionTtlSeconds: number;
  /** Event ids each session remembers (see SessionDedupe). */
  dedupePerSession: number;
  feedRetention: number;
  feedRetentionMs: number;
};

/** The script's KEYS and ARGV for one session's events. */
export function recordSessionArgs(
  keys: RedisKeys,
  limits: RecordSessionLimits,
  sessionId: string,
  events: readonly SessionEvent[],
  delivery: readonly string[],
) {
  return {
    keys: [
      keys.session(sessionId),
      keys.actions(sessionId),
      keys.sessions,
      keys.identified,
      keys.anonymous,
      keys.feed,
      keys.dedupe(sessionId),
      keys.feedEpoch,
      keys.feedLast,
    ],
    args: [
      keys.tag,
      String(limits.maxActionsPerSession),
      String(limits.maxSessions),
      String(limits.sessionTtlSeconds),
      String(limits.dedupePerSession),
      String(limits.feedRetention),
      sessionId,
      JSON.stringify(delivery.map((id) => id.toWellFormed())),
      newEpoch(),
      String(limits.feedRetentionMs),
      ...events.map(toScriptEvent),
    ],
  };
}

/**
 * Strings only, so cjson never parses a number. Lone UTF-16 surrogates (a title cut mid-emoji) are made
 * well-formed first: cjson rejects their `\udXXX` escapes, and Redis would store U+FFFD for them anyway.
 */
function toScriptEvent(event: SessionEvent): string {
  const clean = (value: string | null) => (value === null ? null : value.toWellFormed());
  return JSON.stringify({
    id: clean(event.event_id),
    ts: String(event.timestamp),
    user_id: clean(event.user_id),
    email: clean(event.email),
    email_key: event.email === null ? null : emailKey(clean(event.email)!),
    product_id: clean(event.product_id),
    current_url: clean(event.current_url),
    action_ts: event.action === null ? null : String(event.action.timestamp),
    // event_id first: the member's leading bytes decide the order of actions with equal timestamps.
    action: event.action === null ? null : actionMember(event.action),
  });
}

function actionMember({ event_id, ...rest }: StoredAction): string {
  return JSON.stringify({ event_id, ...rest });
}
