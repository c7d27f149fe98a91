-- wrk script: POST /pubsub/push:batch with BATCH envelopes per request (default 1000),
-- each a distinct valid event, built as push.lua builds one.
--
-- The bodies are built once per thread, POOL of them (default 128), and sent in turn:
-- building a 1,000-envelope body per request cost wrk most of a core, on the two cores
-- the server runs on. A thread's pool holds POOL x BATCH distinct message ids (128,000),
-- more than ingest's dedupe window (100,000): by the time a body comes round again its
-- ids have left the window, so every message is written as new, as with fresh ids.
dofile(debug.getinfo(1, "S").source:sub(2):gsub("batch.lua$", "push.lua"))

local size = tonumber(os.getenv("BATCH") or "1000")
local pool_size = tonumber(os.getenv("POOL") or "128")
local pool = {}
local turn = 0

local function body()
  local parts = {}
  for i = 1, size do
    parts[i] = envelope()
  end
  return "[" .. table.concat(parts, ",") .. "]"
end

local thread_init = init

function init(args)
  thread_init(args)
  for i = 1, pool_size do
    pool[i] = wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json" }, body())
  end
end

function request()
  turn = turn % pool_size + 1
  return pool[turn]
end
