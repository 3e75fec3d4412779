#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager v1.20.2 from Debian's `kubernetes` source package,
# once per machine, into a cache folder outside the repository:
#   ${ROLLOUTS_CACHE:-$HOME/.cache/model-rollouts}/kubernetes-1.20.2/bin/{kube-apiserver,kube-controller-manager}
# A second run finds the binaries (and their smoke-test stamp) and returns at once.
#
# The vendored github.com/modern-go/reflect2 v1.0.1 is replaced by Debian's v1.0.2 sources before building:
# v1.0.1 reads runtime internals that changed in Go 1.18, and an API server built with Debian's Go 1.19
# dies with a fatal signal on the first server-side apply (json-iterator -> reflect2 UnsafeIterate).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${ROLLOUTS_CACHE:-$HOME/.cache/model-rollouts}
version=1.20.2
dest=$cache/kubernetes-$version
bin=$dest/bin
stamp=$dest/.smoke-ok

if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] && [ -f "$stamp" ]; then
  echo "control plane: using cached v$version binaries in $bin"
  exit 0
fi

"$here/../install-deps.sh"

mkdir -p "$dest/src"
cd "$dest/src"
if [ ! -d "kubernetes-$version" ]; then
  echo "control plane: fetching Debian source package kubernetes ($version)"
  apt-get source --download-only -qq "kubernetes=$version*" >/dev/null 2>&1 || apt-get source --download-only -qq kubernetes >/dev/null
  dsc=$(ls kubernetes_*.dsc | head -n 1)
  dpkg-source --no-check -x "$dsc" "kubernetes-$version.tmp" >/dev/null
  mv "kubernetes-$version.tmp" "kubernetes-$version"
fi
cd "kubernetes-$version"

reflect2_src=/usr/share/gocode/src/github.com/modern-go/reflect2
vendored=vendor/github.com/modern-go/reflect2
if ! grep -qs 'model-rollouts: reflect2 v1.0.2' "$vendored/.replaced"; then
  echo "control plane: replacing vendored reflect2 v1.0.1 with Debian's v1.0.2"
  [ -d "$reflect2_src" ] || { echo "control plane: $reflect2_src missing (golang-github-modern-go-reflect2-dev)" >&2; exit 1; }
  rm -f "$vendored"/*.go "$vendored"/*.s
  cp "$reflect2_src"/*.go "$vendored"/
  cp "$reflect2_src"/*.s "$vendored"/ 2>/dev/null || true
  rm -f "$vendored"/*_test.go
  echo 'model-rollouts: reflect2 v1.0.2' > "$vendored/.replaced"
fi

mkdir -p .go/src/k8s.io
[ -e .go/src/k8s.io/kubernetes ] || ln -s ../../.. .go/src/k8s.io/kubernetes

echo "control plane: building kube-apiserver and kube-controller-manager (about 5 minutes on 2 cores the first time)"
start=$(date +%s)
(
  export CGO_ENABLED=0 GOPATH=$PWD/.go GOFLAGS=-mod=vendor GO111MODULE=on GOCACHE=$dest/gocache
  cd .go/src/k8s.io/kubernetes
  make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" 2>&1 | while IFS= read -r line; do
    printf '  [%4ss] %s\n' "$(( $(date +%s) - start ))" "$line"
  done
  exit "${PIPESTATUS[0]}"
)
mkdir -p "$bin"
cp _output/bin/kube-apiserver _output/bin/kube-controller-manager "$bin/"
echo "control plane: built in $(( $(date +%s) - start ))s"

echo "control plane: smoke test (server-side apply of an object and of its status)"
"$here/smoke.sh" "$bin"
touch "$stamp"
echo "control plane: ready in $bin"
