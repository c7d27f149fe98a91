-- wrk script: push.lua's requests, each sent PAUSE_MS (default 20) after the answer to
-- the one before, so with one connection every push finds the store idle (a pause
-- longer than ingest's min-interval). wrk times a request from its send to its answer,
-- without the pause.
dofile(debug.getinfo(1, "S").source:sub(2):gsub("paced.lua$", "push.lua"))

local pause = tonumber(os.getenv("PAUSE_MS") or "20")

function delay()
  return pause
end
