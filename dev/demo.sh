#!/usr/bin/env bash
# `make demo`: the operator's main job, end to end, on this machine (no Docker, no cloud, no cluster).
#
# 1. installs what a fresh machine lacks: Debian packages (dev/install-deps.sh), kube-apiserver and
#    kube-controller-manager v1.20.2 built once into ~/.cache/model-rollouts (dev/controlplane/build.sh, ~5 min the
#    first time; a second run reuses them); ONNX Runtime comes with the build (NuGet package Microsoft.ML.OnnxRuntime);
# 2. builds the demo, which builds the serving image and the operator (dotnet build);
# 3. runs dev/Rollouts.Demo: a local control plane, a node agent running serving pods as local processes, a real
#    Prometheus, the operator, steady Iris traffic, and eight scenarios (promote, rollback on error rate, latency,
#    drift, progress deadline, shadow agreement and accuracy from feedback), ending with a table of expected vs
#    actual outcomes and the measured agreement or accuracy.
#
# Exit status: 0 when every scenario ended as expected, 1 otherwise (2: setup failed, 130: interrupted).
# Ctrl-C stops everything it started; so does killing it (watchdogs keyed on its pid). State and logs: .local/demo.
# usage: dev/demo.sh [demo arguments, e.g. --rate 30]   (CONFIG=Release for a Release build)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
config=${CONFIG:-Debug}
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "dependencies (Debian packages)"
bash dev/install-deps.sh

step "control plane binaries (built once per machine; the first build takes about 5 minutes)"
bash dev/controlplane/build.sh

step "build (demo, serving image, operator; $config)"
dotnet build dev/Rollouts.Demo -c "$config" --nologo -v quiet -clp:ErrorsOnly

step "demo"
# The control plane is already built: up.sh must not run build.sh again.
export ROLLOUTS_SKIP_BUILD=1
exec dotnet "dev/Rollouts.Demo/bin/$config/net10.0/Rollouts.Demo.dll" --configuration "$config" "$@"
