#!/usr/bin/env bash
# Serving benchmark (not a test): builds Release, starts the server for iris-v2 and iris-slow, drives it with wrk
# (one real Iris row per POST) at concurrency 1, 16 and 64, measures in-process ONNX Runtime throughput for the same
# model in the same run, prints the table and writes it to docs/benchmarks/serving.md (between the page's
# "bench-serving" markers, keeping the rest of the page; a page without them is replaced).
# A last row runs iris-v2 with its drift baseline at concurrency 64, to show what drift tracking costs.
# The same server also listens for gRPC (--grpc-port PORT+1); after each model's wrk rows, h2load (nghttp2, a C client
# as wrk is) drives it at the same concurrencies with one ModelInfer body, and bench/GrpcBench (Grpc.Net.Client, closed
# loop) once more for what a .NET client gets; a second table sets those rows beside the REST ones. Every row also gives
# the server's CPU time per request (user + system of the server process over the run ÷ requests), the figure that
# other work on a shared machine skews least, and p99.9 (wrk: from infer.lua's done(); h2load: from its per-request log).
# For iris-v2, once our server has stopped, a Node peer (bench/peers/node: onnxruntime-node under `cluster`, one worker
# per core) is driven by the same wrk script at the same concurrencies, and its rows join the REST table (its CPU time
# sums the primary and every worker). It is installed with `npm ci` from its lock file into
# ~/.cache/model-rollouts/bench-peers/node when missing or when the lock file changed (never into the repository).
# Environment: DURATION (seconds per wrk run, default 10), PORT (default 18480), MODELS (default "iris-v2 iris-slow"),
# DRIFT_ROW (1 = add the drift row, default 1), SERVER_ARGS (extra server switches for every run),
# PEER (1 = add the Node peer's rows, default 1; 0 skips it), PEER_PORT (default PORT+2),
# OUT (where the table goes, default docs/benchmarks/serving.md; e.g. a temp file when comparing runs).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
duration="${DURATION:-10}"
port="${PORT:-18480}"
models="${MODELS:-iris-v2 iris-slow}"
out="${OUT:-$root/docs/benchmarks/serving.md}"
work="$(mktemp -d)"
server_pid=""
peer_pids=""   # the Node peer's primary, then its workers, while it runs
peer="${PEER:-1}"
[[ " $models " == *" iris-v2 "* ]] || peer=0
peer_port="${PEER_PORT:-$(( port + 2 ))}"
peer_src="$root/serving-image/bench/peers/node"
peer_dir="$HOME/.cache/model-rollouts/bench-peers/node"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  stop_peer
  rm -rf "$work"
}

# Stops the Node peer: the primary first (it stops its workers), then any worker still there.
stop_peer() {
  [ -n "$peer_pids" ] || return 0
  local pid primary="${peer_pids%% *}"
  kill "$primary" 2>/dev/null || true
  wait "$primary" 2>/dev/null || true
  for pid in $peer_pids; do kill "$pid" 2>/dev/null || true; done
  peer_pids=""
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk not found: run dev/install-deps.sh" >&2; exit 1; }
command -v h2load >/dev/null || { echo "h2load not found: run dev/install-deps.sh (Debian's nghttp2-client)" >&2; exit 1; }
if [ "$peer" = "1" ]; then
  command -v node >/dev/null && command -v npm >/dev/null || { echo "node/npm not found (PEER=0 skips the Node peer)" >&2; exit 1; }
  if ! cmp -s "$peer_src/package-lock.json" "$peer_dir/package-lock.json" || [ ! -d "$peer_dir/node_modules/onnxruntime-node" ]; then
    echo "== installing the Node peer into $peer_dir (npm ci)"
    mkdir -p "$peer_dir"
    cp "$peer_src/package.json" "$peer_src/package-lock.json" "$peer_dir/"
    (cd "$peer_dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
  fi
  peer_ort="$(node -p "require('$peer_dir/package-lock.json').packages['node_modules/onnxruntime-node'].version")"
  peer_workers="$(nproc)"
  peer_label="node peer (onnxruntime-node $peer_ort, $peer_workers workers)"
fi

echo "== building (Release)"
dotnet build -c Release -v q -nologo serving-image/Rollouts.Serving.csproj >/dev/null
dotnet build -c Release -v q -nologo serving-image/bench/OrtBench/OrtBench.csproj >/dev/null
dotnet build -c Release -v q -nologo serving-image/bench/GrpcBench/GrpcBench.csproj >/dev/null
grpc_dll="$root/serving-image/bench/GrpcBench/bin/Release/net10.0/GrpcBench.dll"
grpc_port=$(( port + 1 ))
server_dll="$root/serving-image/bin/Release/net10.0/Rollouts.Serving.dll"
bench_dll="$root/serving-image/bench/OrtBench/bin/Release/net10.0/OrtBench.dll"
export IRIS_CSV="$root/samples/data/iris.csv"
export INFER_PATH="/v2/models/iris/infer"
dotnet "$grpc_dll" --write-body "$IRIS_CSV" "$work/grpc.bin"
hz="$(getconf CLK_TCK)"
# user + system clock ticks of the given processes, summed
cpu_ticks() { local pid t=0; for pid in "$@"; do t=$(( t + $(awk '{ print $14 + $15 }' "/proc/$pid/stat") )); done; echo "$t"; }
# server CPU microseconds per request: ticks requests
cpu_us() { awk -v t="$1" -v n="$2" -v hz="$hz" 'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }'; }
# sum of model_inference_requests_total with a code other than 200 (gRPC errors travel in trailers h2load does not read)
non_ok() { curl -fs "http://127.0.0.1:$port/metrics" | awk '/^model_inference_requests_total/ && !/code="200"/ { n += $NF } END { printf "%d", n }'; }
# percentile (0..1) of a file of microsecond latencies, one per line, sorted -> milliseconds
pct_ms() { awk -v q="$2" '{ v[NR] = $1 } END { i = int(q * NR + 0.999999); if (i < 1) i = 1; printf "%.2f", (NR ? v[i] / 1000 : 0) }' "$1"; }

# wrk latency "123.45us" / "1.23ms" / "1.02s" -> milliseconds
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# One wrk row: wrk_row LABEL MODEL CONCURRENCY URL PID... runs wrk, prints the REST table row and appends it to rows
# (server CPU time summed over the PIDs); sets rps and cpu for the caller.
wrk_row() {
  local label="$1" model="$2" c="$3" url="$4" ticks threads p50 p99 p999 errors ratio row
  shift 4
  threads=$(( c < 2 ? 1 : 2 ))
  ticks=$(cpu_ticks "$@")
  wrk -t"$threads" -c"$c" -d"${duration}s" --latency -s serving-image/bench/infer.lua "$url" >"$work/wrk.txt"
  ticks=$(( $(cpu_ticks "$@") - ticks ))
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/wrk.txt")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")")"
  p999="$(awk '$1 == "p99.9" { printf "%.2f", $2 / 1000 }' "$work/wrk.txt")"
  cpu="$(cpu_us "$ticks" "$(awk '/requests in/ { print $1 }' "$work/wrk.txt")")"
  errors="$(awk '/Non-2xx or 3xx responses:/ { n = $5 } /Socket errors:/ { sub(/^ *Socket errors: */, ""); s = " (socket " $0 ")" } END { printf "%d%s", n, s }' "$work/wrk.txt")"
  ratio="$(awk -v a="$rps" -v b="${ort_all[$model]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
  row="| $label | $c | $rps | $p50 | $p99 | $p999 | $cpu | ${ort_single[$model]} | ${ort_all[$model]} | $ratio | ${errors:-0} |"
  echo "   $row"
  rows+=("$row")
}

# Each run: label, model, extra server switches, concurrencies.
runs=()
for model in $models; do
  runs+=("$model|$model||1 16 64")
done
if [ "${DRIFT_ROW:-1}" = "1" ] && [[ " $models " == *" iris-v2 "* ]]; then
  runs+=("iris-v2 + drift|iris-v2|--baseline-uri samples/models/iris-v2/baseline.json|64")
fi

declare -A ort_single ort_all rest_rps rest_cpu
rows=()
grpc_rows=()
for run in "${runs[@]}"; do
  IFS='|' read -r label model extra concurrencies <<<"$run"
  if [ -z "${ort_all[$model]:-}" ]; then
    echo "== $model: in-process ONNX Runtime (batch 1, ${duration} s per mode)"
    ort="$(dotnet "$bench_dll" "samples/models/$model/model.onnx" "$IRIS_CSV" "$duration")"
    ort_single[$model]="$(awk '$1 == "single" { print $2 }' <<<"$ort")"
    ort_all[$model]="$(awk '$1 == "all" { print $2 }' <<<"$ort")"
    echo "   single thread: ${ort_single[$model]} runs/s; $(awk '$1 == "all" { print $3 }' <<<"$ort") threads: ${ort_all[$model]} runs/s"
  fi

  echo "== $label: starting the server on 127.0.0.1:$port"
  # shellcheck disable=SC2086
  dotnet "$server_dll" --model-name iris --model-version 1 --model-uri "samples/models/$model/model.onnx" \
    --urls "http://127.0.0.1:$port" --grpc-port "$grpc_port" $extra ${SERVER_ARGS:-} >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/v2/health/ready" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.2
  done
  curl -fs "http://127.0.0.1:$port/v2/health/ready" >/dev/null || { echo "server not ready" >&2; exit 1; }
  wrk -t1 -c1 -d2s -s serving-image/bench/infer.lua "http://127.0.0.1:$port" >/dev/null   # warm-up

  for c in $concurrencies; do
    wrk_row "$label" "$model" "$c" "http://127.0.0.1:$port" "$server_pid"
    rest_rps["$label|$c"]="$rps"
    rest_cpu["$label|$c"]="$cpu"
  done

  if [ "$label" = "$model" ]; then
    for c in $concurrencies; do
      # h2load: max(1, c / 16) connections, c / connections concurrent streams on each, one ModelInfer body.
      conns=$(( c / 16 > 0 ? c / 16 : 1 )); streams=$(( c / conns ))
      rm -f "$work/h2.log"; before_errors=$(non_ok); ticks=$(cpu_ticks "$server_pid")
      h2load -D "$duration" -c "$conns" -m "$streams" -t 1 -d "$work/grpc.bin" -H 'content-type: application/grpc' -H 'te: trailers' \
        --log-file "$work/h2.log" "http://127.0.0.1:$grpc_port/inference.GRPCInferenceService/ModelInfer" >"$work/h2.txt"
      ticks=$(( $(cpu_ticks "$server_pid") - ticks )); g_errors=$(( $(non_ok) - before_errors ))
      awk -F'\t' '$2 == 200 { print $3 }' "$work/h2.log" | sort -n >"$work/h2.lat"
      g_n=$(wc -l <"$work/h2.lat")
      g_rps=$(awk -v n="$g_n" -v d="$duration" 'BEGIN { printf "%.0f", n / d }')
      g_non200=$(awk -F'\t' '$2 != 200 { n++ } END { printf "%d", n }' "$work/h2.log")
      # Grpc.Net.Client for comparison; prints: concurrency infer/s p50 p99 p99.9 connections errors
      read -r _ n_rps _ _ _ _ n_errors < <(dotnet "$grpc_dll" "http://127.0.0.1:$grpc_port" "$IRIS_CSV" "$duration" "$c")
      row="| $label | $c | ${conns}×${streams} | $g_rps | $(pct_ms "$work/h2.lat" 0.50) | $(pct_ms "$work/h2.lat" 0.99) | $(pct_ms "$work/h2.lat" 0.999) | $(cpu_us "$ticks" "$g_n") | ${rest_rps["$label|$c"]} | ${rest_cpu["$label|$c"]} | $n_rps | $((g_errors + g_non200)) / $n_errors |"
      echo "   gRPC $row"
      grpc_rows+=("$row")
    done
  fi

  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""

  if [ "$peer" = "1" ] && [ "$label" = "iris-v2" ]; then
    echo "== $peer_label on 127.0.0.1:$peer_port"
    NODE_PATH="$peer_dir/node_modules" node "$peer_src/server.js" --model "samples/models/$model/model.onnx" \
      --port "$peer_port" --workers "$peer_workers" >"$work/peer.log" 2>&1 &
    peer_pids=$!
    for _ in $(seq 1 300); do
      grep -q '^ready:' "$work/peer.log" && break
      kill -0 "$peer_pids" 2>/dev/null || { cat "$work/peer.log" >&2; exit 1; }
      sleep 0.2
    done
    grep -q '^ready:' "$work/peer.log" || { echo "node peer not ready" >&2; cat "$work/peer.log" >&2; exit 1; }
    peer_pids="$(sed -n 's/^ready:.*, pids //p' "$work/peer.log")"
    # Warm-up: two connections per worker, so that every worker has run the model before the rows.
    wrk -t1 -c$(( 2 * peer_workers )) -d2s -s serving-image/bench/infer.lua "http://127.0.0.1:$peer_port" >/dev/null
    for c in $concurrencies; do
      # shellcheck disable=SC2086
      wrk_row "$peer_label" "$model" "$c" "http://127.0.0.1:$peer_port" $peer_pids
    done
    stop_peer
  fi
done

cpu="$(lscpu | awk -F: '/^Model name/ { gsub(/^[ \t]+/, "", $2); print $2; exit }')"
cores="$(nproc)"
mkdir -p "$(dirname "$out")"
begin="<!-- bench-serving: latest run (written by serving-image/bench/run.sh) -->"
end="<!-- bench-serving: end of latest run -->"
{
  echo "$begin"
  echo "Produced by \`serving-image/bench/run.sh\` (\`make bench-serving\`) on $(date -u +%Y-%m-%d) at $(date -u +%H:%M) UTC."
  echo
  echo "- Machine: $cpu, $cores cores (nproc), load average (1/5/15 min) before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)"
  echo "- Server: Release build, defaults (dynamic batching max 64 rows / 500 µs, intra-op threads = CPU quota)${SERVER_ARGS:+, extra: $SERVER_ARGS}"
  echo "- Load: wrk 4.1, ${duration} s per row, one real Iris row per POST /v2/models/iris/infer (serving-image/bench/infer.lua); wrk runs on the same cores as the server."
  echo "- ONNX Runtime in-process (serving-image/bench/OrtBench): the managed InferenceSession.Run over an OrtValue wrapping the row, outputs copied out, in a loop, batch 1, intra-op threads 1; \"all threads\" = one caller per core."
  if [ "$peer" = "1" ]; then
    echo "- Node peer, same run: serving-image/bench/peers/node/server.js, a minimal Open Inference Protocol REST server (Node $(node --version), its \`http\` module, the same response body) over onnxruntime-node $peer_ort, one \`cluster\` worker per core ($peer_workers), one InferenceSession per worker (intra-op threads 1), no batching; started once our iris-v2 server has stopped (after its REST and gRPC rows), 2 s warm-up, then the same wrk script, concurrencies and duration. Its server CPU sums the primary and every worker; its ORT columns and ratio are iris-v2's."
  fi
  echo "- Ratio = server infer/s ÷ in-process runs/s with all threads (batch 1)."
  echo
  echo "| model | concurrency | infer/s | p50 ms | p99 ms | p99.9 ms | server CPU µs/infer | ORT 1 thread runs/s | ORT all threads runs/s | ratio | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "gRPC, same servers and run: h2load (nghttp2 1.52, a C client like wrk) posting one ModelInfer (the first Iris row in typed fp32_contents) for ${duration} s per row over max(1, concurrency / 16) h2c connections × concurrency / connections streams each; latencies from h2load's per-request log. Errors: calls the server counted with a code other than 200 (gRPC errors travel in trailers, which h2load does not read) plus non-200 HTTP statuses / Grpc.Net.Client errors. Grpc.Net.Client infer/s: serving-image/bench/GrpcBench (Grpc.Net.Client 2.85, closed loop, same connections, 1 s warm-up) against the same server, which shows what a .NET client's own CPU costs on the same 2 cores. REST columns: the wrk row above."
  echo
  echo "| model | concurrency | connections × streams | gRPC infer/s | p50 ms | p99 ms | p99.9 ms | server CPU µs/infer | REST infer/s | REST server CPU µs/infer | Grpc.Net.Client infer/s | errors (h2load / Grpc.Net.Client) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${grpc_rows[@]}"
  echo "$end"
} >"$work/latest.md"

# The page keeps what stands around the markers (e.g. a before/after comparison); a page without them is replaced.
if [ -f "$out" ] && grep -qF "$begin" "$out" && grep -qF "$end" "$out"; then
  awk -v b="$begin" -v e="$end" -v f="$work/latest.md" '
    $0 == b { while ((getline line < f) > 0) print line; skip = 1; next }
    $0 == e { skip = 0; next }
    !skip { print }' "$out" >"$work/page.md"
  cp "$work/page.md" "$out"
else
  { echo "# Serving benchmark"; echo; cat "$work/latest.md"; } >"$out"
fi

echo
cat "$work/latest.md"
