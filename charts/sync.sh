#!/usr/bin/env bash
# Refreshes every generated or copied file under charts/ from its source of truth (make chart-sync):
#   crds/*.yaml                       -> charts/model-rollouts/crds/        (Helm installs CRDs from there)
#   charts/dashboards/*.json          -> charts/model-rollouts/dashboards/  (the chart's Grafana ConfigMap)
#   chart + rules + CRD               -> charts/install.yaml                (render-install.sh)
#   charts/argocd/ml.rollouts.dev/**  -> charts/argocd/argocd-cm.yaml       (argocd/render.sh)
# tests/Rollouts.Shipping.Tests fails when any of them is stale.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rm -f "$here/model-rollouts/crds/"*.yaml
cp "$root/crds/"*.yaml "$here/model-rollouts/crds/"
mkdir -p "$here/model-rollouts/dashboards"
cp "$here/dashboards/"*.json "$here/model-rollouts/dashboards/"
bash "$here/render-install.sh" >/dev/null
bash "$here/argocd/render.sh" >/dev/null
echo "charts: synced"
