-- wrk script of bench/compare/run.sh's place-order scenario: bench/gateway/load.lua
-- (run from the repository's root) with one idempotency key per request, so that
-- every request places a new order. Environment, besides load.lua's:
--   BENCH_KEY_PREFIX  start of the keys (one prefix per run); BENCH_BODY holds "@KEY@"
dofile("bench/gateway/load.lua")

local template = os.getenv("BENCH_BODY")
local prefix = os.getenv("BENCH_KEY_PREFIX") or "bench"
local next_thread = 0

local load_setup = setup
function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", next_thread)
  load_setup(thread)
end

local sent = 0
function request()
  sent = sent + 1
  local key = prefix .. "-" .. thread_id .. "-" .. sent
  return wrk.format(nil, nil, nil, (template:gsub("@KEY@", key, 1)))
end
