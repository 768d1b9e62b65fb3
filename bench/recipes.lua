-- wrk script for bench/run.py's serve and page sections: every connection asks for GET
-- /api/recipes with per_page=100 and a bearer token, walking the pages 1..PAGES in turn (each wrk
-- thread starts at its own offset), so the run pages through the whole workspace again and again;
-- or, given a third argument PAGE, asking for that one page every time.
--
--   wrk -t1 -c16 -d30s --timeout 60s -s bench/recipes.lua http://127.0.0.1:PORT -- TOKEN PAGES [PAGE]
--
-- done() prints one line `BENCH_JSON {...}` with the counts, errors and latency percentiles
-- (microseconds) for run.py to read.

local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

function init(args)
   if #args < 2 then
      error("usage: wrk ... -s recipes.lua URL -- TOKEN PAGES [PAGE]")
   end
   wrk.headers["Authorization"] = "Bearer " .. args[1]
   pages = tonumber(args[2])
   page = (index or 0) % pages
   fixed = tonumber(args[3])
end

function request()
   page = fixed or (page % pages + 1)
   return wrk.format("GET", "/api/recipes?per_page=100&page=" .. page)
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
      '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
      '"latency_us": {"min": %d, "mean": %.1f, "stdev": %.1f, "p50": %d, "p90": %d, "p99": %d, "max": %d}}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency.min, latency.mean, latency.stdev,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
