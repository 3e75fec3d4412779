#!/usr/bin/env bash
# Serving benchmark (not a test): builds Release, starts the server for iris-v2 and iris-slow, drives it with wrk
# (one real Iris row per POST) at concurrency 1, 16 and 64, measures in-process ONNX Runtime throughput for the same
# model in the same run, prints the table and writes it to docs/benchmarks/serving.md (between the page's
# "bench-serving" markers, keeping the rest of the page; a page without them is replaced).
# A last row runs iris-v2 with its drift baseline at concurrency 64, to show what drift tracking costs.
# The same server also listens for gRPC (--grpc-port PORT+1); after each model's wrk rows, bench/GrpcBench drives it at
# the same concurrencies (Grpc.Net.Client, closed loop) and a second table sets those rows beside the REST ones.
# Environment: DURATION (seconds per wrk run, default 10), PORT (default 18480), MODELS (default "iris-v2 iris-slow"),
# DRIFT_ROW (1 = add the drift row, default 1), SERVER_ARGS (extra server switches for every run),
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
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk not found: run dev/install-deps.sh" >&2; exit 1; }

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

# wrk latency "123.45us" / "1.23ms" / "1.02s" -> milliseconds
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# Each run: label, model, extra server switches, concurrencies.
runs=()
for model in $models; do
  runs+=("$model|$model||1 16 64")
done
if [ "${DRIFT_ROW:-1}" = "1" ] && [[ " $models " == *" iris-v2 "* ]]; then
  runs+=("iris-v2 + drift|iris-v2|--baseline-uri samples/models/iris-v2/baseline.json|64")
fi

declare -A ort_single ort_all rest_rps
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
    threads=$(( c < 2 ? 1 : 2 ))
    wrk -t"$threads" -c"$c" -d"${duration}s" --latency -s serving-image/bench/infer.lua "http://127.0.0.1:$port" >"$work/wrk.txt"
    rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/wrk.txt")"
    p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")")"
    p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")")"
    errors="$(awk '/Non-2xx or 3xx responses:/ { n = $5 } /Socket errors:/ { sub(/^ *Socket errors: */, ""); s = " (socket " $0 ")" } END { printf "%d%s", n, s }' "$work/wrk.txt")"
    ratio="$(awk -v a="$rps" -v b="${ort_all[$model]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
    row="| $label | $c | $rps | $p50 | $p99 | ${ort_single[$model]} | ${ort_all[$model]} | $ratio | ${errors:-0} |"
    echo "   $row"
    rows+=("$row")
    rest_rps["$label|$c"]="$rps"
  done

  if [ "$label" = "$model" ]; then
    for c in $concurrencies; do
      # Prints: concurrency infer/s p50 p99 p99.9 connections errors
      read -r _ g_rps g_p50 g_p99 g_p999 g_conns g_errors < <(dotnet "$grpc_dll" "http://127.0.0.1:$grpc_port" "$IRIS_CSV" "$duration" "$c")
      row="| $label | $c | $g_conns | $g_rps | $g_p50 | $g_p99 | $g_p999 | ${rest_rps["$label|$c"]} | $g_errors |"
      echo "   gRPC $row"
      grpc_rows+=("$row")
    done
  fi

  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
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
  echo "- Ratio = server infer/s ÷ in-process runs/s with all threads (batch 1)."
  echo
  echo "| model | concurrency | infer/s | p50 ms | p99 ms | ORT 1 thread runs/s | ORT all threads runs/s | ratio | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "gRPC, same servers and run: serving-image/bench/GrpcBench (Grpc.Net.Client 2.85, closed loop, one real Iris row per ModelInfer in typed fp32_contents, 1 s warm-up, ${duration} s per row) over max(1, concurrency / 16) HTTP/2 connections — gRPC clients multiplex many calls on one connection, and one connection per 16 callers keeps a single socket's writes from being the bottleneck at 64; wrk instead opens one HTTP/1.1 connection per caller. REST infer/s is the wrk row above."
  echo
  echo "| model | concurrency | HTTP/2 connections | gRPC infer/s | p50 ms | p99 ms | p99.9 ms | REST infer/s | errors |"
  echo "|---|---|---|---|---|---|---|---|---|"
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
