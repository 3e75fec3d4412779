#!/usr/bin/env bash
# `make up`: the demo's environment, kept running for you to try things on — the local control plane, the node agent
# (serving pods as local processes), Prometheus, the operator, and steady Iris traffic to every ModelDeployment in the
# namespace rollouts-demo (the Gateway demo-gateway exists). Returns once all of it is ready and prints what to do
# next; `make down` (dev/down.sh) stops it.
#
#   kubeconfig   .local/kubeconfig (default namespace rollouts-demo)
#   a sample     .local/iris.yaml (samples/local/iris.yaml with this repository's model paths filled in)
#   its output   .local/up.log (traffic summary per model version), state and process logs in .local/up/
#
# OPERATOR_ARGS="--flag value ..." passes extra flags to the operator; RATE=N sets the traffic (requests/s per
# ModelDeployment, default 20); FEEDBACK=0..1 the share of answers whose true species is posted as feedback 2 s later
# (default 0.5); UP_DIR=DIR puts everything in DIR instead of .local; CONFIG=Release for a Release
# build; UP_SKIP_SETUP=1 skips installing and building (the tests use it after building).
# Exit status: 0 when up (or already up), 1 when it could not start (the log's tail is printed).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
config=${CONFIG:-Debug}
dir=$(mkdir -p "${UP_DIR:-$root/.local}" && cd "${UP_DIR:-$root/.local}" && pwd)
pidfile="$dir/up.pid"; log="$dir/up.log"; state="$dir/up"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "up: already running (pid $(cat "$pidfile")); make down stops it"
  cat "$state/ready" 2>/dev/null || true
  exit 0
fi

if [ -z "${UP_SKIP_SETUP:-}" ]; then
  echo "== dependencies, control plane binaries (built once per machine, ~5 min the first time), build ($config)"
  bash dev/install-deps.sh
  bash dev/controlplane/build.sh
  dotnet build dev/Rollouts.Demo -c "$config" --nologo -v quiet -clp:ErrorsOnly
fi

args=(--up --configuration "$config" --state "$state" --rate "${RATE:-20}" --feedback-share "${FEEDBACK:-0.5}")
read -r -a extra <<< "${OPERATOR_ARGS:-}"
for a in "${extra[@]}"; do args+=(--operator-arg "$a"); done

rm -f "$state/ready"
# Its own session (setsid): it outlives this script and the terminal; make down signals it. Its children die with it
# even when it is killed with SIGKILL (the environment's watchdogs are keyed on its pid).
ROLLOUTS_SKIP_BUILD=1 setsid dotnet "dev/Rollouts.Demo/bin/$config/net10.0/Rollouts.Demo.dll" "${args[@]}" \
  > "$log" 2>&1 < /dev/null &
echo $! > "$pidfile"
echo "== starting (pid $(cat "$pidfile"), log $log)"

for _ in $(seq 1 600); do
  if [ -f "$state/ready" ]; then
    cat "$state/ready"
    exit 0
  fi
  if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "up: it stopped before it was ready; the end of $log:" >&2
    tail -n 30 "$log" >&2
    rm -f "$pidfile"
    exit 1
  fi
  sleep 0.5
done
echo "up: not ready after 5 minutes; stopping it (log: $log)" >&2
bash "$root/dev/down.sh" >&2 || true
exit 1
