#!/usr/bin/env bash
# Runs every test project of the solution and ends with one summary line:
#   tests: N passed, N failed, N skipped
#   failed: PROJECT: TEST NAME — first line of its message      (per failed test, then up to six more lines of it)
# Exit status is non-zero when any project fails or reports no result. The failed tests are listed again after the
# summary, so that the last lines of a long run (all a CI page may show) say which tests failed and why.
#
# Projects run TEST_JOBS at a time (default 3), the longest first. Most of a project's time is spent waiting (on
# a control plane, Prometheus scrapes, operator resyncs, serving processes), not computing, so a 2-core machine runs
# three at once in about half the time of one after another. Every project starts its own control plane, Prometheus
# and processes in state folders of its own, on free ports, so projects share nothing. Each project's output is
# kept and printed whole when it ends, then its "=== name: ..." line. TEST_JOBS=1 runs them one after another.
set -uo pipefail
config=${CONFIG:-Debug}
jobs=${TEST_JOBS:-3}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "run-tests: TEST_JOBS must be a positive number, not '$jobs'" >&2; exit 1; }
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
mapfile -t listed < <(dotnet sln Rollouts.sln list | grep -E '^tests/.*\.Tests/.*\.csproj$' | sort)
[ ${#listed[@]} -gt 0 ] || { echo "run-tests: no test projects found" >&2; exit 1; }

# The longest projects start first, so that none of them ends up last, alone (one after another on a quiet machine:
# E2E ~3.5 min, Operator ~2.5, Analysis, Shipping, Serving and Kubectl 1.5-2 each); the rest follow in name order.
longest=(Rollouts.E2E.Tests Rollouts.Operator.Tests Rollouts.Analysis.Tests Rollouts.Shipping.Tests Rollouts.Serving.Tests Rollouts.Kubectl.Tests)
projects=()
for first in "${longest[@]}"; do
  for proj in "${listed[@]}"; do
    [ "$(basename "$proj" .csproj)" = "$first" ] && projects+=("$proj")
  done
done
for proj in "${listed[@]}"; do
  [[ " ${longest[*]} " == *" $(basename "$proj" .csproj) "* ]] || projects+=("$proj")
done

# One project, its output into $results/NAME.log, its exit status into $results/NAME.rc.
run_project() {
  local proj=$1 name=$2
  dotnet test "$proj" -c "$config" --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" ${TEST_FILTER:+--filter "$TEST_FILTER"} \
    > "$results/$name.log" 2>&1
  echo $? > "$results/$name.rc"
}

passed=0; failed=0; skipped=0; status=0
# Prints a finished project's output and its line, and adds its counts to the totals.
report() {
  local name=$1 rc trx counters p f t e s
  rc=$(cat "$results/$name.rc" 2>/dev/null || echo 1)
  echo "=== $name"
  cat "$results/$name.log"
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
    p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
    p=${p:-0}; f=${f:-0}; t=${t:-0}; e=${e:-0}
    s=$(( t - e ))
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    echo "=== $name: $p passed, $f failed, $s skipped in $(( $(date +%s) - ${started[$name]} ))s"
  else
    echo "=== $name: no results (exit $rc)"
    status=1
  fi
  [ "$rc" -eq 0 ] || status=1
}

declare -A started=() names=()
# Waits for one running project to end and reports it.
reap() {
  local pid
  wait -n -p pid
  report "${names[$pid]}"
  unset "names[$pid]"
}

for proj in "${projects[@]}"; do
  while [ ${#names[@]} -ge "$jobs" ]; do reap; done
  name=$(basename "$proj" .csproj)
  started[$name]=$(date +%s)
  run_project "$proj" "$name" &
  names[$!]=$name
done
while [ ${#names[@]} -gt 0 ]; do reap; done

# Lists each failed test of every project's TRX file: "failed: PROJECT: TEST — first line of its message", then up to
# six more lines of it, indented (with Shouldly: expected, actual and the first line of the context).
list_failed() {
  /usr/bin/python3 - "$results" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(glob.glob(os.path.join(sys.argv[1], "*.trx"))):
    project = os.path.basename(trx)[:-len(".trx")]
    for result in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns):
        if result.get("outcome") != "Failed":
            continue
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
        lines = [l.strip() for l in message.splitlines() if l.strip()]
        print(f"failed: {project}: {result.get('testName')} — {lines[0][:300] if lines else '(no message)'}")
        # The next few lines: an assertion's expected and actual values and the first line of its context.
        for line in lines[1:7]:
            print(f"    {line[:300]}")
PY
}

echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || list_failed
exit $status
