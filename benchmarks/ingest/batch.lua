-- wrk script: POST /pubsub/push:batch with BATCH envelopes per request (default 1000),
-- each a distinct valid event, built as push.lua builds one.
dofile(debug.getinfo(1, "S").source:sub(2):gsub("batch.lua$", "push.lua"))

local size = tonumber(os.getenv("BATCH") or "1000")

function request()
  local parts = {}
  for i = 1, size do
    parts[i] = envelope()
  end
  local body = "[" .. table.concat(parts, ",") .. "]"
  return wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json" }, body)
end
