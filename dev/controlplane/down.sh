#!/usr/bin/env bash
# Stops what up.sh STATE_DIR started: each recorded process group gets SIGTERM, then SIGKILL after 5 s.
set -u
state=${1:?usage: down.sh STATE_DIR}
[ -f "$state/pids" ] || exit 0
pids=$(tac "$state/pids")
for pid in $pids; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null; done
for _ in $(seq 1 50); do
  alive=0
  for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
  [ $alive -eq 0 ] && break
  sleep 0.1
done
for pid in $pids; do kill -KILL -- "-$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true; done
rm -f "$state/pids" "$state/.ports"
echo "control plane: stopped ($state)"
