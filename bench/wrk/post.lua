-- wrk: POST the bodies of $BENCH_JOBS (one "token<TAB>path<TAB>json" per line) in turn, each
-- thread from its own offset, with a fresh Idempotency-Key per request; counts the answers
-- that are not $BENCH_EXPECT (default 201) and prints one JSON line of figures at the end.
local threads = {}
local jobs = {}
local expect = tonumber(os.getenv("BENCH_EXPECT") or "201")
local run = os.getenv("BENCH_RUN") or tostring(os.time())

for line in io.lines(os.getenv("BENCH_JOBS")) do
  local token, path, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
  jobs[#jobs + 1] = {token = token, path = path, body = body}
end

function setup(thread)
  thread:set("number", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  sent, unexpected, counter = 0, 0, 0
  offset = number * 7919
end

function request()
  counter = counter + 1
  local job = jobs[((offset + counter) % #jobs) + 1]
  local headers = {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = run .. "-" .. number .. "-" .. counter,
  }
  if job.token ~= "" then headers["Authorization"] = "Bearer " .. job.token end
  return wrk.format(job.body == "" and "GET" or "POST", job.path, headers,
                    job.body ~= "" and job.body or nil)
end

function response(status, headers, body)
  sent = sent + 1
  if status ~= expect then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local unexpected_total = 0
  for _, thread in ipairs(threads) do unexpected_total = unexpected_total + thread:get("unexpected") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, "unexpected": %d, ' ..
    '"socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, unexpected_total, e.connect + e.read + e.write + e.timeout))
end
