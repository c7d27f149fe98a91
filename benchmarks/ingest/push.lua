-- wrk script: one Pub/Sub push envelope per request, each carrying a distinct valid
-- page_viewed event (a distinct event_id, so nothing is deduplicated).
--
-- Base64 works on 3-byte groups, so the payload is laid out with the 36-character event
-- id starting at a multiple of 3: the base64 of the fixed parts is computed once, and
-- each request only looks up the base64 of its counter (see below).

local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function b64(data)
  local out = {}
  for i = 1, #data, 3 do
    local a, b, c = data:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local c1 = math.floor(n / 262144) % 64
    local c2 = math.floor(n / 4096) % 64
    local c3 = math.floor(n / 64) % 64
    local c4 = n % 64
    out[#out + 1] = chars:sub(c1 + 1, c1 + 1) .. chars:sub(c2 + 1, c2 + 1)
      .. (b and chars:sub(c3 + 1, c3 + 1) or "=") .. (c and chars:sub(c4 + 1, c4 + 1) or "=")
  end
  return table.concat(out)
end

-- 33 bytes, then the id (36), then the rest of the event: compact, as the producer writes
-- events (the url comes first only to put the id at a multiple of 3).
local prefix = '{"url":"/p/prd_0042","event_id":"'
local suffix = '","event_type":"page_viewed","schema_version":1,'
  .. '"occurred_at":"2026-11-24T09:59:59.000Z","session_id":"ses_1","anonymous_id":"anon_1",'
  .. '"customer_id":null,"device":{"type":"mobile","os":"iOS","browser":"Safari"},'
  .. '"geo":{"country":"DE","region":"Bavaria","city":"Munich"},"page_type":"product"}'
assert(#prefix % 3 == 0)
local prefix64 = b64(prefix)
local suffix64 = b64(suffix)

-- Globals set per thread by setup(); ids differ across threads and across runs.
counter = 0
thread_id = 0
run_id = 0
local threads = 0
local started = os.time()

function setup(thread)
  thread:set("thread_id", threads)
  thread:set("run_id", started % 4294967296)
  threads = threads + 1
end

-- The id's first 24 characters are fixed per thread (8 base64 groups, encoded once in
-- init); its last 12 are the counter in hex, 4 groups of 3 hex digits each looked up in a
-- table of all 4096, so a request encodes nothing: a batch of 1,000 envelopes encoded
-- byte by byte cost wrk half a core, on the two cores the server also runs on.
local hex3 = {}
for n = 0, 4095 do
  hex3[n] = b64(string.format("%03x", n))
end
local head64 = ""

function init(args)
  counter = 0
  head64 = b64(string.format("%08x-%04x-4000-8000-", run_id, thread_id))
end

local function counter64(n)
  local g4 = n % 4096
  n = math.floor(n / 4096)
  local g3 = n % 4096
  n = math.floor(n / 4096)
  local g2 = n % 4096
  local g1 = math.floor(n / 4096) % 4096
  return hex3[g1] .. hex3[g2] .. hex3[g3] .. hex3[g4]
end

path = path or "/pubsub/push"

-- The next envelope (batch.lua joins a thousand of them).
function envelope()
  counter = counter + 1
  local id = string.format("%08x-%04x-4000-8000-%012x", run_id, thread_id, counter)
  return '{"message":{"data":"' .. prefix64 .. head64 .. counter64(counter) .. suffix64
    .. '","attributes":{"event_type":"page_viewed"},"messageId":"' .. id
    .. '","publishTime":"2026-11-24T10:00:00.000Z"},"subscription":"projects/p/subscriptions/bench"}'
end

function request()
  return wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json" }, envelope())
end

function done(summary, latency, requests)
  io.write(string.format('RESULT {"requests":%d,"non2xx":%d,"socket_errors":%d,"seconds":%.3f,'
    .. '"rps":%.1f,"p50_ms":%.2f,"p99_ms":%.2f}\n',
    summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
