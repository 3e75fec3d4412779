#!/usr/bin/env bash
# Runs every test project of the solution, one after another (each may start its own control plane or
# Prometheus; running them in turn keeps a 2-core machine responsive), and ends with one summary line:
#   tests: N passed, N failed, N skipped
# Exit status is non-zero when any project fails or reports no result.
set -uo pipefail
config=${CONFIG:-Debug}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
mapfile -t projects < <(dotnet sln Rollouts.sln list | grep -E '^tests/.*\.Tests/.*\.csproj$' | sort)
[ ${#projects[@]} -gt 0 ] || { echo "run-tests: no test projects found" >&2; exit 1; }

passed=0; failed=0; skipped=0; status=0
for proj in "${projects[@]}"; do
  name=$(basename "$proj" .csproj)
  start=$(date +%s)
  echo "=== $name"
  dotnet test "$proj" -c "$config" --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" ${TEST_FILTER:+--filter "$TEST_FILTER"}
  rc=$?
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
    p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
    p=${p:-0}; f=${f:-0}; t=${t:-0}; e=${e:-0}
    s=$(( t - e ))
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    echo "=== $name: $p passed, $f failed, $s skipped in $(( $(date +%s) - start ))s"
  else
    echo "=== $name: no results (exit $rc)"
    status=1
  fi
  [ $rc -eq 0 ] || status=1
done
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
