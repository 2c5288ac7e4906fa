-- wrk script of the search bench (benchmarks/run.py): each wrk thread walks its own share
-- of the paths listed in the file WRK_PATHS, and the p50/p95/p99 are printed at the end.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local counter = nil
local step = tonumber(os.getenv("WRK_THREADS") or "2")

request = function()
  if counter == nil then counter = tonumber(offset) or 0 end
  local path = paths[(counter % #paths) + 1]
  counter = counter + step
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d "
    .. "max_us=%d errors=%d non2xx=%d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.errors.status))
end
