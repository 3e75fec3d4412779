#!/usr/bin/env bash
# Paired comparison of two builds of the server (not a test), for a machine whose load drifts: both servers run at
# once (an idle one costs nothing: no spinning, the batch worker blocked) and wrk alternates between them A B B A for
# ROUNDS groups; each group gives one ratio B/A (mean of the two B runs ÷ mean of the two A runs). Also prints each
# run's p50/p99 and the server's CPU time (user + system) per request.
# usage: serving-image/bench/abba.sh A.dll B.dll   e.g. a build of the base commit (git archive BASE | tar -x -C DIR)
#        and serving-image/bin/Release/net10.0/Rollouts.Serving.dll
# Environment: MODEL (samples/models/<MODEL>, default iris-v2), C (concurrency, default 64), ROUNDS (default 10),
# DUR (seconds per wrk run, default 4), PORT_A/PORT_B (default 18601/18602), A_ENV/B_ENV (extra environment, e.g.
# ORT_LIBRARY_PATH=… for a build of the old binding).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ $# -eq 2 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
model=${MODEL:-iris-v2}; c=${C:-64}; rounds=${ROUNDS:-10}; dur=${DUR:-4}; pa=${PORT_A:-18601}; pb=${PORT_B:-18602}
export IRIS_CSV="$root/samples/data/iris.csv" INFER_PATH="/v2/models/iris/infer"
work="$(mktemp -d)"
start() { # dll port env
  env ${3:-} dotnet "$1" --model-name iris --model-version 1 --model-uri "$root/samples/models/$model/model.onnx" \
    --urls "http://127.0.0.1:$2" >"$work/server-$2.log" 2>&1 &
  echo $!
}
a=$(start "$1" "$pa" "${A_ENV:-}"); b=$(start "$2" "$pb" "${B_ENV:-}")
trap 'kill $a $b 2>/dev/null || true; wait $a $b 2>/dev/null || true; rm -rf "$work"' EXIT
for p in $pa $pb; do
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$p/v2/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "http://127.0.0.1:$p/v2/health/ready" >/dev/null || { echo "server on $p not ready" >&2; cat "$work/server-$p.log" >&2; exit 1; }
  wrk -t1 -c1 -d2s -s "$root/serving-image/bench/infer.lua" "http://127.0.0.1:$p" >/dev/null
done
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
run() { # label port pid -> prints "label rps p50 p99 cpu_us_per_request"; sets last_rps
  local threads=$(( c < 2 ? 1 : 2 )) before after out
  before=$(cpu "$3")
  out=$(wrk -t$threads -c"$c" -d"${dur}s" --latency -s "$root/serving-image/bench/infer.lua" "http://127.0.0.1:$2")
  after=$(cpu "$3")
  last_rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
  awk -v l="$1" -v r="$last_rps" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" \
    -v n="$(awk '/requests in/ { print $1 }' <<<"$out")" -v p50="$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    -v p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "%s %s c=%s rps=%s p50=%s p99=%s cpu_us_per_req=%.1f load=%s\n", l, ENVIRON["model"], ENVIRON["c"], r, p50, p99, t / hz * 1e6 / n, load }'
}
export model c
ratios=()
for _ in $(seq 1 "$rounds"); do
  run A "$pa" "$a"; a1=$last_rps; run B "$pb" "$b"; b1=$last_rps; run B "$pb" "$b"; b2=$last_rps; run A "$pa" "$a"; a2=$last_rps
  ratios+=("$(awk -v a=$((a1 + a2)) -v b=$((b1 + b2)) 'BEGIN { printf "%.3f", b / a }')")
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1; s += $1 } END { printf "B/A per group: median %.3f, mean %.3f, min %.3f, max %.3f (%d groups)\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), s / NR, v[1], v[NR], NR }'
