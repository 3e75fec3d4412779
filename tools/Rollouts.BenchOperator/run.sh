#!/usr/bin/env bash
# `make bench-operator N=1000 [LABEL=after] [BENCH_ARGS=...]`: publishes the operator (Release, ReadyToRun) and builds this benchmark, then
# runs it with the given arguments (see Program.cs / --help). The benchmark starts and stops its own control plane.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The operator as operator/Dockerfile publishes it: ReadyToRun, framework-dependent (BenchRun's default --operator-dll).
dotnet publish operator/Rollouts.Operator -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -p:UseAppHost=false --nologo -v quiet -clp:ErrorsOnly -o .local/bench-operator/operator
dotnet build tools/Rollouts.BenchOperator -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet tools/Rollouts.BenchOperator/bin/Release/net10.0/Rollouts.BenchOperator.dll --repo "$root" "$@"
