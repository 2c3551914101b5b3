/**
 * The sender's Lua scripts. Each runs atomically in Redis with Redis's own
 * clock (TIME), so every sender replica shares one budget per number and one
 * clock, whatever the replicas' clocks say. All keys of one call share the
 * hash-tagged queue prefix, so they live in one Redis Cluster slot.
 *
 * Times are milliseconds with a fractional part, stored with string.format
 * ('%.3f'): Lua's default number formatting keeps 14 significant digits, which
 * at 1.7e12 ms would round to 10 ms.
 */

const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local function fmt(x) return string.format('%.3f', x) end
local function num(x, default) local v = tonumber(x); if v == nil then return default end; return v end
`;

/**
 * ACQUIRE: which of these messages (a channel's ready jobs, in order) may be sent now?
 *
 * KEYS: 1 number log (list of the last sends' times), 2 number state (hash: tat, f, fAt, parkTat),
 *       3 circuit breaker (hash), then for each job i: pair state (hash: tat, strikes), the job's pair booking
 * ARGV: 1 level (msg/s), 2 window ms (1000 + guard), 3 burst ms, 4 pair capacity,
 *       5 pair interval ms, 6 use the number and pair limits (1/0: receipts have none),
 *       7 level recovery per ms after a 130429, 8 booking grace ms, 9 probe lease ms,
 *       10 how long others wait while a probe is out (ms)
 *
 * Returns {breakerFailures, effectiveLevel, probe, stopWaitMs, stopReason, sentAt, then per job looked at:
 *          outcome (0 sent, 1 held by its pair limit), waitMs, pairStrikes}.
 * Jobs are looked at in order until one must wait for the number (or the breaker): stopWaitMs says how long
 * (0 when every job was looked at). Sends are counted here; a job held by its pair limit has its pair slot
 * booked and does not hold up the jobs behind it.
 *
 * Rules:
 * - Circuit breaker: while open, everyone waits; once the cool-down is over,
 *   one send at a time probes (a lease), the others look again shortly.
 * - Pair rate (Meta: 1 per 6 s with bursts up to 45): a GCRA, i.e. a token
 *   bucket of 45 refilled every 6 s, kept as a theoretical arrival time.
 * - Number throughput. Safety: the exact sliding window — the level-th most
 *   recent send must be older than the window, so no window of that length
 *   ever holds more than the level (1 s plus a guard for the jitter between
 *   this check and Meta's clock). Pacing: a GCRA with spacing window/level and
 *   a small burst, so sends are spread over the second instead of clumping at
 *   its start (clumps turn jitter into 130429), while a sender that woke late
 *   catches up within the burst.
 *
 * One caller per channel per process asks (ChannelPump), so a wait is one timer, never a herd.
 */
export const ACQUIRE_SCRIPT = `${PRELUDE}
local level = num(ARGV[1], 1)
local window = num(ARGV[2], 1000)
local burst = num(ARGV[3], 0)
local pairCapacity = num(ARGV[4], 45)
local pairInterval = num(ARGV[5], 6000)
local limited = ARGV[6] == '1'
local recovery = num(ARGV[7], 0)
local grace = num(ARGV[8], 600000)
local lease = num(ARGV[9], 10000)
local probeWait = num(ARGV[10], 1000)
local jobs = (#KEYS - 3) / 2

local failures = num(redis.call('HGET', KEYS[3], 'failures'), 0)
local sentAt = fmt(now)

-- circuit breaker
local probe = 0
local openUntil = num(redis.call('HGET', KEYS[3], 'openUntil'), 0)
if openUntil > 0 then
  if now < openUntil then return {failures, 0, 0, math.ceil(openUntil - now), 'circuit_open', sentAt} end
  local probeUntil = num(redis.call('HGET', KEYS[3], 'probeUntil'), 0)
  -- a probe is out: look again soon (it usually answers in milliseconds), not at the end of its lease
  if now < probeUntil then return {failures, 0, 0, math.ceil(math.min(probeUntil - now, probeWait)), 'circuit_open', sentAt} end
  probe = 1
end

-- level after 130429: f drops on each refusal, then recovers linearly
local effective = level
local T = window / level
local tat = 0
if limited then
  local f = tonumber(redis.call('HGET', KEYS[2], 'f'))
  if f then
    f = math.min(1, f + (now - num(redis.call('HGET', KEYS[2], 'fAt'), now)) * recovery)
    effective = math.max(1, math.floor(level * f))
    T = window / effective
  end
  tat = num(redis.call('HGET', KEYS[2], 'tat'), 0)
end
local pairTau = (pairCapacity - 1) * pairInterval

local result = {failures, effective, probe, 0, '', sentAt}
local sent = 0
local oldestIndex = 0
for i = 1, jobs do
  local pairKey = KEYS[2 + 2 * i]
  local bookingKey = KEYS[3 + 2 * i]
  local strikes = 0
  local pBooked = false
  local pairTat = 0
  local held = 0
  if limited then
    strikes = num(redis.call('HGET', pairKey, 'strikes'), 0)
    -- a pair slot booked for this job earlier (after a refusal or a wait), or a token now
    local booking = redis.call('GET', bookingKey)
    if booking then
      local at = num(string.match(booking, '|(.+)$'), 0)
      if now < at - 1 then held = math.ceil(at - now) else pBooked = true end
    end
    if held == 0 and not pBooked then
      pairTat = num(redis.call('HGET', pairKey, 'tat'), 0)
      if pairTat - pairTau > now then
        local slot = pairTat - pairTau
        redis.call('HSET', pairKey, 'tat', fmt(pairTat + pairInterval))
        redis.call('PEXPIRE', pairKey, math.ceil(pairTat + pairInterval - now + 3600000))
        redis.call('SET', bookingKey, 'p|' .. fmt(slot), 'PX', math.ceil(slot - now + grace))
        held = math.ceil(slot - now)
      end
    end
  end
  if held > 0 then
    table.insert(result, 1); table.insert(result, held); table.insert(result, strikes)
  else
    if limited then
      -- number throughput: pace, and the exact window
      local waitUntil = now
      if tat - burst > now then waitUntil = tat - burst end
      local oldest = tonumber(redis.call('LINDEX', KEYS[1], -effective))
      if oldest and oldest > now - window and oldest + window > waitUntil then waitUntil = oldest + window end
      if waitUntil > now then
        result[4] = math.ceil(waitUntil - now); result[5] = 'number'
        break
      end
      tat = math.max(tat, now) + T
      redis.call('RPUSH', KEYS[1], sentAt)
      redis.call('LTRIM', KEYS[1], -level, -1)
      if pBooked then
        redis.call('DEL', bookingKey)
      else
        redis.call('HSET', pairKey, 'tat', fmt(math.max(pairTat, now) + pairInterval))
        redis.call('PEXPIRE', pairKey, math.ceil(math.max(pairTat, now) + pairInterval - now + 3600000))
      end
    end
    sent = sent + 1
    table.insert(result, 0); table.insert(result, 0); table.insert(result, strikes)
    if probe == 1 then
      redis.call('HSET', KEYS[3], 'probeUntil', fmt(now + lease))
      if i < jobs then result[4] = math.ceil(math.min(lease, probeWait)); result[5] = 'circuit_open' end
      break
    end
  end
end
if limited and sent > 0 then
  redis.call('HSET', KEYS[2], 'tat', fmt(tat))
  redis.call('PEXPIRE', KEYS[2], math.ceil(tat - now + 3600000))
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 2))
end
return result
`;

/**
 * PARK: when a job may come back, for one that cannot wait in the worker (its
 * channel's ready queue is full: a backlog). Parked jobs get return times one
 * pace apart, after the time the ready queues need to drain, so a backlog of
 * 100,000 comes back at the number's level instead of all at once.
 *
 * KEYS: 1 number state. ARGV: 1 level, 2 window ms, 3 ready horizon ms, 4 level recovery per ms.
 * Returns the wait in ms.
 */
export const PARK_SCRIPT = `${PRELUDE}
local level = num(ARGV[1], 1)
local window = num(ARGV[2], 1000)
local horizon = num(ARGV[3], 0)
local recovery = num(ARGV[4], 0)
local effective = level
local f = tonumber(redis.call('HGET', KEYS[1], 'f'))
if f then
  f = math.min(1, f + (now - num(redis.call('HGET', KEYS[1], 'fAt'), now)) * recovery)
  effective = math.max(1, math.floor(level * f))
end
local slot = math.max(num(redis.call('HGET', KEYS[1], 'parkTat'), 0), now + horizon)
redis.call('HSET', KEYS[1], 'parkTat', fmt(slot + window / effective))
redis.call('PEXPIRE', KEYS[1], math.ceil(slot - now + 3600000))
return math.ceil(slot - now)
`;

/**
 * RELEASE: gives back a send slot that was granted but not used in time (the
 * worker's event loop was blocked between the grant and the request, so the
 * request would leave later than the window accounted for it). Removing the
 * entry only makes windows emptier, so it is always safe. The pair token
 * taken with the grant stays with the job (a pair booking at the grant's
 * time), so asking again does not charge the recipient twice.
 *
 * A grant for a message that will not be sent after all (refused by a check
 * that runs after the grant) is released the same way, without a booking.
 *
 * KEYS: 1 number log, then the bookings of the jobs granted. ARGV: 1 the grant's time as returned (string),
 *       2 booking ttl ms, 3 keep the jobs' pair tokens (1) or forget them (0).
 */
export const RELEASE_SCRIPT = `
for i = 2, #KEYS do
  if ARGV[3] == '1' then redis.call('SET', KEYS[i], 'p|' .. ARGV[1], 'PX', ARGV[2]) else redis.call('DEL', KEYS[i]) end
end
return redis.call('LREM', KEYS[1], -(#KEYS - 1), ARGV[1])
`;

/**
 * THROTTLED: Meta answered 130429 although our window allowed the send. One
 * refusal now and then is jitter (our check and Meta's clock a few ms apart,
 * a pause on either side); a real lower level (a downgrade, inbound traffic
 * counted by Meta, another sender on the number) refuses again and again. So
 * the level drops by a factor only after `strikes` refusals within two
 * windows, of sends granted at the level now in force (refusals of sends
 * granted before the last drop come in a bunch and count once), at most once
 * per window, and recovers linearly afterwards.
 *
 * KEYS: 1 number state. ARGV: 1 decrease factor, 2 floor factor, 3 recovery per ms, 4 window ms, 5 level,
 *       6 the level the refused send was granted at, 7 strikes before a drop.
 * Returns the effective level now.
 */
export const THROTTLED_SCRIPT = `${PRELUDE}
local decrease = num(ARGV[1], 0.85)
local floor = num(ARGV[2], 0.05)
local recovery = num(ARGV[3], 0)
local window = num(ARGV[4], 1000)
local level = num(ARGV[5], 1)
local grantedAt = num(ARGV[6], level)
local needed = num(ARGV[7], 3)
local f = tonumber(redis.call('HGET', KEYS[1], 'f'))
local fAt = num(redis.call('HGET', KEYS[1], 'fAt'), 0)
local current = 1
if f then current = math.min(1, f + (now - fAt) * recovery) end
local effective = math.max(1, math.floor(level * current))
if grantedAt <= effective then
  local strikes = num(redis.call('HGET', KEYS[1], 'rejections'), 0)
  if now - num(redis.call('HGET', KEYS[1], 'rejectionsAt'), 0) > 2 * window then strikes = 0 end
  strikes = strikes + 1
  redis.call('HSET', KEYS[1], 'rejections', strikes, 'rejectionsAt', fmt(now))
  if strikes >= needed and ((not f) or now - fAt > window) then
    current = math.max(floor, current * decrease)
    redis.call('HSET', KEYS[1], 'f', string.format('%.6f', current), 'fAt', fmt(now), 'rejections', 0)
    effective = math.max(1, math.floor(level * current))
  end
  redis.call('PEXPIRE', KEYS[1], 3600000)
end
return effective
`;

/**
 * PAIR_LIMITED: Meta answered 131056 for this recipient. Meta's advice is to
 * wait 4^n s (n = 0, 1, 2… per consecutive refusal): the pair's next send is
 * moved to now + 4^n s, without a burst afterwards (Meta's bucket is empty),
 * and that first slot is booked for this job.
 *
 * KEYS: 1 pair state, 2 this job's booking. ARGV: 1 pair capacity, 2 pair interval ms, 3 max backoff ms, 4 booking grace ms.
 * Returns the wait in ms.
 */
export const PAIR_LIMITED_SCRIPT = `${PRELUDE}
local pairCapacity = num(ARGV[1], 45)
local pairInterval = num(ARGV[2], 6000)
local maxBackoff = num(ARGV[3], 3600000)
local grace = num(ARGV[4], 600000)
local strikes = redis.call('HINCRBY', KEYS[1], 'strikes', 1)
local wait = math.min(math.pow(4, strikes - 1) * 1000, maxBackoff)
local pairTau = (pairCapacity - 1) * pairInterval
local slot = now + wait
local pairTat = math.max(num(redis.call('HGET', KEYS[1], 'tat'), 0), slot + pairTau)
redis.call('HSET', KEYS[1], 'tat', fmt(pairTat + pairInterval))
redis.call('PEXPIRE', KEYS[1], math.ceil(pairTat + pairInterval - now + 3600000))
redis.call('SET', KEYS[2], 'p|' .. fmt(slot), 'PX', math.ceil(wait + grace))
return math.ceil(wait)
`;

/**
 * PAIR_REFUND: Meta refused the send (any error but 131056), so the message
 * never reached the recipient and must not count against the pair: the token
 * taken at the grant is given back.
 *
 * KEYS: 1 pair state. ARGV: 1 pair interval ms.
 */
export const PAIR_REFUND_SCRIPT = `
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat'))
if tat then redis.call('HSET', KEYS[1], 'tat', string.format('%.3f', tat - tonumber(ARGV[1]))) end
return 1
`;

/**
 * GRAPH_FAILED: a 5xx, timeout or network failure of the Graph API for this
 * channel. After `threshold` consecutive failures the breaker opens for a
 * cool-down that doubles with each re-opening (up to a maximum); a failed
 * probe re-opens it at once.
 *
 * KEYS: 1 breaker. ARGV: 1 threshold, 2 base cool-down ms, 3 max cool-down ms.
 * Returns {open (1/0), openUntilMs from now}.
 */
export const GRAPH_FAILED_SCRIPT = `${PRELUDE}
local threshold = num(ARGV[1], 5)
local base = num(ARGV[2], 5000)
local max = num(ARGV[3], 300000)
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local wasOpen = num(redis.call('HGET', KEYS[1], 'openUntil'), 0) > 0
redis.call('PEXPIRE', KEYS[1], math.ceil(max * 4))
if failures >= threshold or wasOpen then
  local opens = redis.call('HINCRBY', KEYS[1], 'opens', 1)
  local cooldown = math.min(base * math.pow(2, opens - 1), max)
  redis.call('HSET', KEYS[1], 'openUntil', fmt(now + cooldown))
  redis.call('HDEL', KEYS[1], 'probeUntil')
  return {1, math.ceil(cooldown)}
end
return {0, 0}
`;

/**
 * SENT: Meta accepted the message. One atomic write: the sent marker (the
 * only duplicate window is the time between Meta's answer and this write),
 * the job leaves its channel's pending set, and the breaker and the pair's
 * strikes are cleared when they were set.
 *
 * KEYS: 1 sent marker, 2 pending set, 3 breaker, 4 pair state.
 * ARGV: 1 marker value ('' for receipts: no marker), 2 marker ttl ms, 3 job id, 4 clear breaker (1/0), 5 clear strikes (1/0).
 */
export const SENT_SCRIPT = `
if ARGV[1] ~= '' then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
redis.call('SREM', KEYS[2], ARGV[3])
if ARGV[4] == '1' then redis.call('DEL', KEYS[3]) end
if ARGV[5] == '1' then redis.call('HDEL', KEYS[4], 'strikes') end
return 1
`;
