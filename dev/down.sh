#!/usr/bin/env bash
# `make down`: stops what `make up` (dev/up.sh) started and leaves nothing running: SIGTERM to the environment
# process (it stops the traffic, the operator, the serving pods, Prometheus and the control plane, in that order),
# SIGKILL after 60 s, then whatever its watchdogs list and the control plane's own pid file, if anything is left.
# UP_DIR=DIR as for dev/up.sh. Exit status 0 when nothing is left running.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${UP_DIR:-$root/.local}
pidfile="$dir/up.pid"; state="$dir/up"

if [ -f "$pidfile" ]; then
  pid=$(cat "$pidfile")
  if kill -TERM "$pid" 2>/dev/null; then
    echo "== stopping (pid $pid)"
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "down: still running after 60 s; killing it" >&2; kill -KILL "$pid" 2>/dev/null; }
  fi
  rm -f "$pidfile"
fi

# Leftovers of a run that was killed: the environment's supervised pids and the control plane's.
if [ -s "$state/pids" ]; then
  for p in $(cat "$state/pids"); do kill -TERM "$p" 2>/dev/null; done
  sleep 2
  for p in $(cat "$state/pids"); do kill -KILL "$p" 2>/dev/null; done
  rm -f "$state/pids"
fi
[ -f "$state/cluster/pids" ] && bash "$root/dev/controlplane/down.sh" "$state/cluster" > /dev/null
rm -f "$dir/kubeconfig"
echo "down: stopped; nothing of make up is running"
