-- wrk script of bench/gateway/run.sh. Environment:
--   BENCH_METHOD  GET or POST (default GET)
--   BENCH_BODY    request body (POST)
--   BENCH_TOKEN   bearer token, sent as Authorization when set
--   BENCH_EXPECT  "graphql": a reply counts as good when it is 200 with "data" and no "errors";
--                 anything else: when it is 200
-- At the end it prints one line "bench-result {...}" (JSON) with what run.sh reports.

local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local token = os.getenv("BENCH_TOKEN")
local graphql = os.getenv("BENCH_EXPECT") == "graphql"

wrk.method = method
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  good = 0
  bad = 0
  sample = ""
end

function response(status, headers, reply)
  local ok = status == 200
  if ok and graphql then
    ok = reply:find('"data"', 1, true) ~= nil and reply:find('"errors"', 1, true) == nil
  end
  if ok then
    good = good + 1
  else
    bad = bad + 1
    if sample == "" then sample = status .. " " .. reply:sub(1, 200) end
  end
end

function done(summary, latency, requests)
  local good, bad, sample = 0, 0, ""
  for _, t in ipairs(threads) do
    good = good + t:get("good")
    bad = bad + t:get("bad")
    if sample == "" then sample = t:get("sample") or "" end
  end
  local e = summary.errors
  io.write(string.format(
    'bench-result {"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"good":%d,"bad":%d,"socket_errors":%d,"non_2xx":%d,"bytes":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    good, bad, e.connect + e.read + e.write + e.timeout, e.status, summary.bytes))
  if sample ~= "" then
    io.write("bench-bad-sample " .. sample:gsub("\n", " ") .. "\n")
  end
end
