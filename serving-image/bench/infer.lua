-- wrk script: POST an Open Inference Protocol infer request, one real Iris row per request,
-- cycling through samples/data/iris.csv (path in IRIS_CSV; request path in INFER_PATH).
local requests = {}
local next_row = 0

function init(args)
  -- Built here, not at load: wrk sets the Host header in wrk.headers only before init.
  local path = os.getenv("INFER_PATH") or "/v2/models/iris/infer"
  for line in io.lines(os.getenv("IRIS_CSV")) do
    local a, b, c, d = line:match("^([%d%.]+),([%d%.]+),([%d%.]+),([%d%.]+),")
    if a then
      local body = string.format(
        '{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[%s,%s,%s,%s]}]}', a, b, c, d)
      requests[#requests + 1] = wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
    end
  end
end

function request()
  next_row = next_row % #requests + 1
  return requests[next_row]
end

-- wrk's --latency table stops at 99 %; the benchmark also reports p99.9 (microseconds).
function done(summary, latency, requests)
  io.write(string.format("p99.9 %d\n", latency:percentile(99.9)))
end
