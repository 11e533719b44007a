-- wrk script: optional method/body/auth from the environment, an optional per-thread request cap
-- (for writes), an optional path mix (BENCH_PATHS: a file of paths, one a line, cycled through; each
-- thread starts at its own offset; a line "path token" is sent with that bearer token: a person's own
-- request), and a JSON summary with percentiles on the last line.
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local auth = os.getenv("BENCH_AUTH")
local cap = tonumber(os.getenv("BENCH_MAX_PER_THREAD") or "0")
local paths_file = os.getenv("BENCH_PATHS") or ""
local seen = 0
local threads = 0
local paths = {}
local index = 0

wrk.method = method
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
if auth and auth ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. auth
end
-- A signed-in page (awards, issue #13): the session cookie, and a line's key is then a session key.
local session = os.getenv("BENCH_SESSION") or ""
if session ~= "" then
  wrk.headers["Cookie"] = "sessionid=" .. session
end

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

function init(args)
  if paths_file ~= "" then
    for line in io.lines(paths_file) do
      if line ~= "" then
        paths[#paths + 1] = line
      end
    end
    -- Threads start half a cycle apart, so that they do not ask for the same path at once.
    local n = thread_number or 0
    index = math.floor(n * #paths / 2) % math.max(#paths, 1)
  end
end

if paths_file ~= "" then
  function request()
    index = index % #paths + 1
    local path, token = paths[index]:match("^(%S+)%s+(%S+)$")
    if token then
      local headers = {}
      for name, value in pairs(wrk.headers) do
        headers[name] = value
      end
      if session ~= "" then
        headers["Cookie"] = "sessionid=" .. token
      else
        headers["Authorization"] = "Bearer " .. token
      end
      return wrk.format(nil, path, headers)
    end
    return wrk.format(nil, paths[index])
  end
end

function response(status, headers, body)
  seen = seen + 1
  if cap > 0 and seen >= cap then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
